// C ABI over the Verilated tops, for the Rust `sim` crate (src/ffi.rs).
//
// A handle owns one VerilatedContext and one model. Ports are looked up by name once and then
// set / read by index as arrays of 32-bit words, least significant word first (Verilator's
// own layout for wide ports). Every top has clk_i and rst_ni; the clock is driven here.

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "verilated.h"
// Each model is compiled in unless build.rs left it out (TRICODEC_SIM_TOPS): TC_HAVE_<model>.
#ifdef TC_HAVE_residual_lane
#include "Vresidual_lane.h"
#endif
#ifdef TC_HAVE_residual_lane8x8
#include "Vresidual_lane8x8.h"
#endif
#ifdef TC_HAVE_residual_lane_yosys
#include "Vresidual_lane_yosys.h"
#endif
#ifdef TC_HAVE_align
#include "Valign.h"
#endif
#ifdef TC_HAVE_align_yosys
#include "Valign_yosys.h"
#endif
#ifdef TC_HAVE_align_scan
#include "Valign_scan.h"
#endif
#ifdef TC_HAVE_align_apply
#include "Valign_apply.h"
#endif
#ifdef TC_HAVE_dealign
#include "Vdealign.h"
#endif
#ifdef TC_HAVE_dealign_yosys
#include "Vdealign_yosys.h"
#endif
#ifdef TC_HAVE_chroma_dc_lane
#include "Vchroma_dc_lane.h"
#endif
#ifdef TC_HAVE_chroma_dc_lane_yosys
#include "Vchroma_dc_lane_yosys.h"
#endif
#ifdef TC_HAVE_luma_dc_lane
#include "Vluma_dc_lane.h"
#endif
#ifdef TC_HAVE_cabac_enc_bin
#include "Vcabac_enc_bin.h"
#endif
#ifdef TC_HAVE_cabac_enc_bin_yosys
#include "Vcabac_enc_bin_yosys.h"
#endif
#ifdef TC_HAVE_luma_dc_lane_yosys
#include "Vluma_dc_lane_yosys.h"
#endif
#ifdef TC_HAVE_cabac_dec
#include "Vcabac_dec.h"
#endif
#ifdef TC_HAVE_cabac_dec_yosys
#include "Vcabac_dec_yosys.h"
#endif
#ifdef TC_HAVE_cabac_dec_t2
#include "Vcabac_dec_t2.h"
#endif
#ifdef TC_HAVE_cabac_enc_engine
#include "Vcabac_enc_engine.h"
#endif
#ifdef TC_HAVE_cabac_enc
#include "Vcabac_enc.h"
#endif
#ifdef TC_HAVE_cabac_enc_engine_yosys
#include "Vcabac_enc_engine_yosys.h"
#endif
#ifdef TC_HAVE_enc_decide_i16
#include "Venc_decide_i16.h"
#endif
#ifdef TC_HAVE_enc_decide_i16_yosys
#include "Venc_decide_i16_yosys.h"
#endif
#ifdef TC_HAVE_nal_write
#include "Vnal_write.h"
#endif
#ifdef TC_HAVE_slice_header_write
#include "Vslice_header_write.h"
#endif
#ifdef TC_HAVE_nal_read
#include "Vnal_read.h"
#endif
#ifdef TC_HAVE_header_read
#include "Vheader_read.h"
#endif
#ifdef TC_HAVE_dec_front
#include "Vdec_front.h"
#endif
#ifdef TC_HAVE_param_sets_write
#include "Vparam_sets_write.h"
#endif
#ifdef TC_HAVE_intra_edges
#include "Vintra_edges.h"
#endif
#ifdef TC_HAVE_enc_syntax_i16
#include "Venc_syntax_i16.h"
#endif
#ifdef TC_HAVE_enc_resid_i16
#include "Venc_resid_i16.h"
#endif
#ifdef TC_HAVE_enc_resid_i16_yosys
#include "Venc_resid_i16_yosys.h"
#endif
#ifdef TC_HAVE_enc_lane_i16
#include "Venc_lane_i16.h"
#endif
#ifdef TC_HAVE_dec_mb_i16
#include "Vdec_mb_i16.h"
#endif
#ifdef TC_HAVE_dec_mb_i16_yosys
#include "Vdec_mb_i16_yosys.h"
#endif
#ifdef TC_HAVE_dec_lane_i16
#include "Vdec_lane_i16.h"
#endif
#ifdef TC_HAVE_intra_pred4x4
#include "Vintra_pred4x4.h"
#endif
#ifdef TC_HAVE_intra_pred4x4_yosys
#include "Vintra_pred4x4_yosys.h"
#endif
#ifdef TC_HAVE_intra_pred8x8
#include "Vintra_pred8x8.h"
#endif
#ifdef TC_HAVE_intra_pred8x8_yosys
#include "Vintra_pred8x8_yosys.h"
#endif
#ifdef TC_HAVE_deblock_edge
#include "Vdeblock_edge.h"
#endif
#ifdef TC_HAVE_deblock_edge_yosys
#include "Vdeblock_edge_yosys.h"
#endif
#ifdef TC_HAVE_tensor_dec_top
#include "Vtensor_dec_top.h"
#endif
#ifdef TC_HAVE_tensor_dec_top_13
#include "Vtensor_dec_top_13.h"
#endif
#ifdef TC_HAVE_tensor_enc_top
#include "Vtensor_enc_top.h"
#endif
#ifdef TC_HAVE_tensor_enc_top_6
#include "Vtensor_enc_top_6.h"
#endif
#ifdef TC_HAVE_loopback_i16
#include "Vloopback_i16.h"
#endif

namespace {

// Scalar ports (CData / SData / IData / QData).
template <typename T>
void put(T& port, const uint32_t* w, int width) {
  uint64_t v = w[0];
  if (width > 32) v |= static_cast<uint64_t>(w[1]) << 32;
  port = static_cast<T>(v);
}
template <typename T>
void take(const T& port, uint32_t* w, int width) {
  uint64_t v = static_cast<uint64_t>(port);
  w[0] = static_cast<uint32_t>(v);
  if (width > 32) w[1] = static_cast<uint32_t>(v >> 32);
}
// Wide ports (VlWide<N>).
template <std::size_t N>
void put(VlWide<N>& port, const uint32_t* w, int) {
  for (std::size_t i = 0; i < N; ++i) port[i] = w[i];
}
template <std::size_t N>
void take(const VlWide<N>& port, uint32_t* w, int) {
  for (std::size_t i = 0; i < N; ++i) w[i] = port[i];
}

struct Port {
  std::string name;
  int width;
  bool input;
  std::function<void(const uint32_t*)> set;
  std::function<void(uint32_t*)> get;
};

struct SimBase {
  std::unique_ptr<VerilatedContext> ctx;
  std::vector<Port> ports;
  SimBase() : ctx(new VerilatedContext) {}
  virtual ~SimBase() = default;
  virtual void eval_low() = 0;   // clk_i = 0, settle
  virtual void rising() = 0;     // clk_i = 1, settle
  virtual void reset(bool active) = 0;
};

// Verilator keeps one current context per thread (Verilated::threadContextp: set when a context
// is made, used by model destructors among others). With several simulations in one thread the
// last one made is current, and once it is freed the pointer dangles: destroying another model
// then locked a mutex in freed memory and hung (cabac-report, which holds two tops). So every
// operation first makes its own context current.
template <typename M>
struct Sim : SimBase {
  std::unique_ptr<M> m;
  Sim() : m(new M(ctx.get(), "top")) {}
  ~Sim() override {
    own();
    m->final();
    m.reset();
  }
  void own() { Verilated::threadContextp(ctx.get()); }
  void eval_low() override {
    own();
    m->clk_i = 0;
    m->eval();
  }
  void rising() override {
    own();
    m->clk_i = 1;
    m->eval();
    m->clk_i = 0;
    m->eval();
  }
  void reset(bool active) override { m->rst_ni = active ? 0 : 1; }
  template <typename T>
  void in(const char* name, T& port, int width) {
    ports.push_back({name, width, true, [&port, width](const uint32_t* w) { put(port, w, width); },
                     nullptr});
  }
  template <typename T>
  void out(const char* name, const T& port, int width) {
    ports.push_back({name, width, false, nullptr,
                     [&port, width](uint32_t* w) { take(port, w, width); }});
  }
};

// Port table of residual_lane (n = 16) and residual_lane8x8 (n = 64), user width 8.
template <typename M>
SimBase* make_lane(int n) {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("res_i", m.res_i, n * 9);
  s->in("qp_i", m.qp_i, 6);
  s->in("dz_i", m.dz_i, 10);
  s->in("user_i", m.user_i, 8);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("level_o", m.level_o, n * 16);
  s->out("recon_o", m.recon_o, n * 16);
  s->out("user_o", m.user_o, 8);
  return s;
}

// Port table of luma_dc_lane (n = 16, dc width 33) and chroma_dc_lane (n = 4, width 30).
template <typename M>
SimBase* make_dc_lane(int n, int dw) {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("dc_i", m.dc_i, n * 13);
  s->in("qp_i", m.qp_i, 6);
  s->in("dz_i", m.dz_i, 10);
  s->in("user_i", m.user_i, 8);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("level_o", m.level_o, n * 16);
  s->out("recon_o", m.recon_o, n * dw);
  s->out("user_o", m.user_o, 8);
  return s;
}

// Port table of align with its default parameters N = 4, G = 32.
template <typename M>
SimBase* make_align() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("fmt_i", m.fmt_i, 2);
  s->in("data_i", m.data_i, 4 * 32);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("sample_o", m.sample_o, 4 * 8);
  s->out("code_o", m.code_o, 8);
  s->out("err_o", m.err_o, 1);
  s->out("err_idx_o", m.err_idx_o, 5);
  s->out("last_o", m.last_o, 1);
  return s;
}

// Port table of align_scan with its default N = 16.
template <typename M>
SimBase* make_align_scan() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("fmt_i", m.fmt_i, 2);
  s->in("data_i", m.data_i, 16 * 32);
  s->in("last_i", m.last_i, 1);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("code_o", m.code_o, 8);
  s->out("err_o", m.err_o, 1);
  return s;
}

// Port table of align_apply with N = 16 and UserWidth = 16 (sim/build.rs MODELS).
template <typename M>
SimBase* make_align_apply() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("fmt_i", m.fmt_i, 2);
  s->in("code_i", m.code_i, 8);
  s->in("data_i", m.data_i, 16 * 32);
  s->in("user_i", m.user_i, 16);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("sample_o", m.sample_o, 16 * 8);
  s->out("user_o", m.user_o, 16);
  return s;
}

// Port table of dealign with N = 16 and UserWidth = 16 (sim/build.rs TOP_PARAMS).
template <typename M>
SimBase* make_dealign() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("fmt_i", m.fmt_i, 2);
  s->in("code_i", m.code_i, 8);
  s->in("sample_i", m.sample_i, 16 * 8);
  s->in("user_i", m.user_i, 16);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("data_o", m.data_o, 16 * 32);
  s->out("user_o", m.user_o, 16);
  return s;
}

// Port table of cabac_enc_bin with its default parameters K = 4, MaxWidthMbs = 256.
template <typename M>
SimBase* make_cabac_enc_bin() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("se_i", m.se_i, 272);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("sym_o", m.sym_o, 4 * 20);
  s->out("cnt_o", m.cnt_o, 3);
  return s;
}

// Port table of cabac_dec with its default parameters (MaxWidthMbs 128, AddrWidth 16) and
// `t` threads (each port t times as wide: cabac_dec_t2 is Threads = 2).
template <typename M>
SimBase* make_cabac_dec(int t = 1) {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("cfg_valid_i", m.cfg_valid_i, t);
  s->in("cfg_qp_i", m.cfg_qp_i, 6 * t);
  s->in("cfg_first_mb_i", m.cfg_first_mb_i, 16 * t);
  s->in("cfg_width_i", m.cfg_width_i, 8 * t);
  s->in("cfg_pic_mbs_i", m.cfg_pic_mbs_i, 16 * t);
  s->in("cfg_chroma_i", m.cfg_chroma_i, t);
  s->in("cfg_t8x8_i", m.cfg_t8x8_i, t);
  s->in("in_valid_i", m.in_valid_i, t);
  s->in("in_data_i", m.in_data_i, 8 * t);
  s->in("in_last_i", m.in_last_i, t);
  s->in("se_ready_i", m.se_ready_i, t);
  s->out("cfg_ready_o", m.cfg_ready_o, t);
  s->out("in_ready_o", m.in_ready_o, t);
  s->out("se_valid_o", m.se_valid_o, t);
  s->out("se_o", m.se_o, 300 * t);
  s->out("err_o", m.err_o, t);
  return s;
}

// Port table of cabac_enc with its default parameters K = 4, P = 8, MaxWidthMbs = 256,
// OutBytes = 4.
template <typename M>
SimBase* make_cabac_enc() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("se_i", m.se_i, 272);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("byte_o", m.byte_o, 4 * 8);
  s->out("count_o", m.count_o, 3);
  s->out("last_o", m.last_o, 1);
  return s;
}

// Port table of cabac_enc_engine with its default parameters K = 4, OutBytes = 4.
template <typename M>
SimBase* make_cabac_enc_engine() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("sym_i", m.sym_i, 4 * 20);
  s->in("count_i", m.count_i, 3);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("byte_o", m.byte_o, 4 * 8);
  s->out("count_o", m.count_o, 3);
  s->out("last_o", m.last_o, 1);
  return s;
}

// Port table of enc_decide_i16 with its default parameter Chroma = 1.
template <typename M>
SimBase* make_enc_decide_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("src_i", m.src_i, 384 * 8);
  s->in("top_i", m.top_i, 32 * 8);
  s->in("left_i", m.left_i, 32 * 8);
  s->in("corner_i", m.corner_i, 3 * 8);
  s->in("avail_i", m.avail_i, 3);
  s->in("chroma_i", m.chroma_i, 1);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("luma_mode_o", m.luma_mode_o, 2);
  s->out("chroma_mode_o", m.chroma_mode_o, 2);
  s->out("luma_satd_o", m.luma_satd_o, 4 * 20);
  s->out("chroma_satd_o", m.chroma_satd_o, 4 * 20);
  return s;
}

// Port table of enc_resid_i16 with its default parameter Chroma = 1.
template <typename M>
SimBase* make_enc_resid_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("src_i", m.src_i, 384 * 8);
  s->in("top_i", m.top_i, 32 * 8);
  s->in("left_i", m.left_i, 32 * 8);
  s->in("corner_i", m.corner_i, 3 * 8);
  s->in("avail_i", m.avail_i, 3);
  s->in("chroma_i", m.chroma_i, 1);
  s->in("luma_mode_i", m.luma_mode_i, 2);
  s->in("chroma_mode_i", m.chroma_mode_i, 2);
  s->in("qp_i", m.qp_i, 6);
  s->in("dz_i", m.dz_i, 10);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("luma_ac_o", m.luma_ac_o, 16 * 256);
  s->out("luma_dc_o", m.luma_dc_o, 16 * 16);
  s->out("chroma_dc_o", m.chroma_dc_o, 8 * 16);
  s->out("chroma_ac_o", m.chroma_ac_o, 8 * 256);
  s->out("recon_o", m.recon_o, 384 * 8);
  return s;
}

// Port table of enc_syntax_i16.
template <typename M>
SimBase* make_enc_syntax_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("luma_ac_i", m.luma_ac_i, 16 * 256);
  s->in("luma_dc_i", m.luma_dc_i, 16 * 16);
  s->in("chroma_dc_i", m.chroma_dc_i, 8 * 16);
  s->in("chroma_ac_i", m.chroma_ac_i, 8 * 256);
  s->in("luma_mode_i", m.luma_mode_i, 2);
  s->in("chroma_mode_i", m.chroma_mode_i, 2);
  s->in("chroma_i", m.chroma_i, 1);
  s->in("qp_i", m.qp_i, 6);
  s->in("first_i", m.first_i, 1);
  s->in("last_i", m.last_i, 1);
  s->in("mb_x_i", m.mb_x_i, 16);
  s->in("width_i", m.width_i, 16);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("se_o", m.se_o, 272);
  return s;
}

// Port table of dec_mb_i16.
template <typename M>
SimBase* make_dec_mb_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("cfg_valid_i", m.cfg_valid_i, 1);
  s->in("cfg_qp_i", m.cfg_qp_i, 6);
  s->in("cfg_chroma_i", m.cfg_chroma_i, 1);
  s->in("se_valid_i", m.se_valid_i, 1);
  s->in("se_i", m.se_i, 300);
  s->in("ready_i", m.ready_i, 1);
  s->out("cfg_ready_o", m.cfg_ready_o, 1);
  s->out("se_ready_o", m.se_ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("kind_o", m.kind_o, 2);
  s->out("luma_mode_o", m.luma_mode_o, 2);
  s->out("chroma_mode_o", m.chroma_mode_o, 2);
  s->out("qp_o", m.qp_o, 6);
  s->out("last_o", m.last_o, 1);
  s->out("luma_ac_o", m.luma_ac_o, 16 * 256);
  s->out("luma_dc_o", m.luma_dc_o, 16 * 16);
  s->out("chroma_dc_o", m.chroma_dc_o, 8 * 16);
  s->out("chroma_ac_o", m.chroma_ac_o, 8 * 256);
  s->out("err_o", m.err_o, 1);
  return s;
}

// Port table of intra_edges with its default parameter MaxWidthMbs = 480 (9-bit x, 19-bit
// addresses).
template <typename M>
SimBase* make_intra_edges() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("rd_i", m.rd_i, 1);
  s->in("rd_x_i", m.rd_x_i, 9);
  s->in("rd_y_i", m.rd_y_i, 9);
  s->in("rd_addr_i", m.rd_addr_i, 19);
  s->in("slice_first_i", m.slice_first_i, 19);
  s->in("width_i", m.width_i, 9);
  s->in("wr_i", m.wr_i, 1);
  s->in("wr_x_i", m.wr_x_i, 9);
  s->in("recon_i", m.recon_i, 384 * 8);
  s->out("top_o", m.top_o, 32 * 8);
  s->out("left_o", m.left_o, 32 * 8);
  s->out("corner_o", m.corner_o, 3 * 8);
  s->out("avail_o", m.avail_o, 3);
  return s;
}

// Port table of slice_header_write with its default parameter AW = 19.
template <typename M>
SimBase* make_slice_header_write() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("first_mb_i", m.first_mb_i, 19);
  s->in("idr_pic_id_i", m.idr_pic_id_i, 1);
  s->in("qp_delta_i", m.qp_delta_i, 6);
  s->in("idc_i", m.idc_i, 2);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("byte_o", m.byte_o, 8);
  s->out("last_o", m.last_o, 1);
  return s;
}

// Port table of param_sets_write.
template <typename M>
SimBase* make_param_sets_write() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("width_i", m.width_i, 14);
  s->in("height_i", m.height_i, 14);
  s->in("chroma_i", m.chroma_i, 1);
  s->in("t8_i", m.t8_i, 1);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("byte_o", m.byte_o, 8);
  s->out("unit_o", m.unit_o, 1);
  s->out("last_o", m.last_o, 1);
  return s;
}

// Port table of nal_write.
template <typename M>
SimBase* make_nal_write() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("byte_i", m.byte_i, 8);
  s->in("first_i", m.first_i, 1);
  s->in("header_i", m.header_i, 8);
  s->in("last_i", m.last_i, 1);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("byte_o", m.byte_o, 8);
  s->out("last_o", m.last_o, 1);
  return s;
}

// Port table of nal_read.
template <typename M>
SimBase* make_nal_read() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("byte_i", m.byte_i, 8);
  s->in("last_i", m.last_i, 1);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("byte_o", m.byte_o, 8);
  s->out("first_o", m.first_o, 1);
  s->out("last_o", m.last_o, 1);
  return s;
}

// header_read's outputs (shared by header_read and dec_front).
template <typename S, typename M>
void header_read_outputs(S* s, M& m) {
  s->in("cfg_ready_i", m.cfg_ready_i, 1);
  s->in("data_ready_i", m.data_ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("cfg_valid_o", m.cfg_valid_o, 1);
  s->out("cfg_new_pic_o", m.cfg_new_pic_o, 1);
  s->out("cfg_idr_o", m.cfg_idr_o, 1);
  s->out("cfg_width_o", m.cfg_width_o, 11);
  s->out("cfg_height_o", m.cfg_height_o, 11);
  s->out("cfg_pic_mbs_o", m.cfg_pic_mbs_o, 18);
  s->out("cfg_crop_right_o", m.cfg_crop_right_o, 4);
  s->out("cfg_crop_bottom_o", m.cfg_crop_bottom_o, 4);
  s->out("cfg_chroma_o", m.cfg_chroma_o, 1);
  s->out("cfg_t8x8_o", m.cfg_t8x8_o, 1);
  s->out("cfg_qp_o", m.cfg_qp_o, 6);
  s->out("cfg_first_mb_o", m.cfg_first_mb_o, 18);
  s->out("cfg_idc_o", m.cfg_idc_o, 2);
  s->out("cfg_alpha_o", m.cfg_alpha_o, 4);
  s->out("cfg_beta_o", m.cfg_beta_o, 4);
  s->out("cfg_cb_qp_o", m.cfg_cb_qp_o, 5);
  s->out("cfg_cr_qp_o", m.cfg_cr_qp_o, 5);
  s->out("data_valid_o", m.data_valid_o, 1);
  s->out("data_o", m.data_o, 8);
  s->out("data_last_o", m.data_last_o, 1);
  s->out("err_o", m.err_o, 1);
}

// Port table of header_read.
template <typename M>
SimBase* make_header_read() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("byte_i", m.byte_i, 8);
  s->in("first_i", m.first_i, 1);
  s->in("last_i", m.last_i, 1);
  header_read_outputs(s, m);
  return s;
}

// Port table of dec_front (nal_read's input, header_read's outputs).
template <typename M>
SimBase* make_dec_front() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("byte_i", m.byte_i, 8);
  s->in("last_i", m.last_i, 1);
  header_read_outputs(s, m);
  return s;
}

// The configuration and input ports of enc_lane_i16 (slices_w: the slice count's width, 2 x
// clog2(MaxWidthMbs) + 1), and of the tops that pass them on (loopback_i16).
template <typename M>
void enc_lane_inputs(Sim<M>* s, M& m, int slices_w) {
  s->in("cfg_width_i", m.cfg_width_i, 14);
  s->in("cfg_height_i", m.cfg_height_i, 14);
  s->in("cfg_chroma_i", m.cfg_chroma_i, 1);
  s->in("cfg_slices_i", m.cfg_slices_i, slices_w);
  s->in("cfg_qp_i", m.cfg_qp_i, 6);
  s->in("cfg_qp_map_i", m.cfg_qp_map_i, 1);
  s->in("cfg_dz_i", m.cfg_dz_i, 10);
  s->in("in_valid_i", m.in_valid_i, 1);
  s->in("in_data_i", m.in_data_i, 128);
  s->in("in_qp_i", m.in_qp_i, 6);
}

// Port table of enc_lane_i16 with its default parameters Chroma = 1, MaxWidthMbs = 480
// (19-bit macroblock counts).
template <typename M>
SimBase* make_enc_lane_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  enc_lane_inputs(s, m, 19);
  s->in("out_ready_i", m.out_ready_i, 1);
  s->in("rec_ready_i", m.rec_ready_i, 1);
  s->out("in_ready_o", m.in_ready_o, 1);
  s->out("out_valid_o", m.out_valid_o, 1);
  s->out("out_byte_o", m.out_byte_o, 8);
  s->out("out_last_o", m.out_last_o, 1);
  s->out("rec_valid_o", m.rec_valid_o, 1);
  s->out("rec_o", m.rec_o, 384 * 8);
  return s;
}

// Port table of dec_lane_i16 with its default parameters Chroma = 1, MaxWidthMbs = 480
// (9-bit macroblock coordinates).
template <typename M>
SimBase* make_dec_lane_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("in_valid_i", m.in_valid_i, 1);
  s->in("in_byte_i", m.in_byte_i, 8);
  s->in("in_last_i", m.in_last_i, 1);
  s->in("out_ready_i", m.out_ready_i, 1);
  s->out("in_ready_o", m.in_ready_o, 1);
  s->out("out_valid_o", m.out_valid_o, 1);
  s->out("out_mb_o", m.out_mb_o, 384 * 8);
  s->out("out_x_o", m.out_x_o, 9);
  s->out("out_y_o", m.out_y_o, 9);
  s->out("out_first_o", m.out_first_o, 1);
  s->out("out_width_o", m.out_width_o, 11);
  s->out("out_height_o", m.out_height_o, 11);
  s->out("out_crop_right_o", m.out_crop_right_o, 4);
  s->out("out_crop_bottom_o", m.out_crop_bottom_o, 4);
  s->out("out_chroma_o", m.out_chroma_o, 1);
  s->out("err_o", m.err_o, 1);
  return s;
}

// Port table of loopback_i16 with its default parameters Chroma = 1, MaxWidthMbs = 16 (9-bit
// slice counts).
template <typename M>
SimBase* make_loopback_i16() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  enc_lane_inputs(s, m, 9);
  s->in("flip_i", m.flip_i, 1);
  s->out("in_ready_o", m.in_ready_o, 1);
  s->out("mbs_o", m.mbs_o, 32);
  s->out("bytes_o", m.bytes_o, 32);
  s->out("mismatch_o", m.mismatch_o, 1);
  s->out("err_o", m.err_o, 1);
  return s;
}

// Port table of tensor_dec_top with `lanes` lanes (band descriptors of 707 bits a lane).
template <typename M>
SimBase* make_tensor_dec_top(int lanes) {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("in_valid_i", m.in_valid_i, lanes);
  s->in("in_byte_i", m.in_byte_i, lanes * 8);
  s->in("in_last_i", m.in_last_i, lanes);
  s->in("desc_valid_i", m.desc_valid_i, lanes);
  s->in("desc_i", m.desc_i, lanes * 707);
  s->in("out_ready_i", m.out_ready_i, 1);
  s->out("in_ready_o", m.in_ready_o, lanes);
  s->out("desc_ready_o", m.desc_ready_o, lanes);
  s->out("out_valid_o", m.out_valid_o, 1);
  s->out("out_data_o", m.out_data_o, 16 * 32);
  s->out("out_row_o", m.out_row_o, 32);
  s->out("out_col_o", m.out_col_o, 32);
  s->out("out_count_o", m.out_count_o, 5);
  s->out("err_o", m.err_o, lanes);
  return s;
}

// Port table of tensor_enc_top with `lanes` lanes (MaxWidthMbs = 128: 7-bit macroblock
// coordinates, 15-bit addresses).
template <typename M>
SimBase* make_tensor_enc_top(int lanes) {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("cfg_fmt_i", m.cfg_fmt_i, 2);
  s->in("cfg_dz_i", m.cfg_dz_i, 10);
  s->in("cfg_t8_i", m.cfg_t8_i, 1);
  s->in("scan_valid_i", m.scan_valid_i, 1);
  s->in("scan_data_i", m.scan_data_i, 16 * 32);
  s->in("scan_last_i", m.scan_last_i, 1);
  s->in("code_ready_i", m.code_ready_i, 1);
  s->in("part_valid_i", m.part_valid_i, lanes);
  s->in("part_width_i", m.part_width_i, lanes * 14);
  s->in("part_height_i", m.part_height_i, lanes * 14);
  s->in("part_first_i", m.part_first_i, lanes * 15);
  s->in("part_x_i", m.part_x_i, lanes * 7);
  s->in("part_y_i", m.part_y_i, lanes * 7);
  s->in("part_count_i", m.part_count_i, lanes * 15);
  s->in("part_ps_i", m.part_ps_i, lanes);
  s->in("in_valid_i", m.in_valid_i, lanes);
  s->in("in_data_i", m.in_data_i, lanes * 512);
  s->in("in_code_i", m.in_code_i, lanes * 8);
  s->in("in_qp_i", m.in_qp_i, lanes * 6);
  s->in("out_ready_i", m.out_ready_i, lanes);
  s->out("scan_ready_o", m.scan_ready_o, 1);
  s->out("code_valid_o", m.code_valid_o, 1);
  s->out("code_o", m.code_o, 8);
  s->out("code_err_o", m.code_err_o, 1);
  s->out("part_ready_o", m.part_ready_o, lanes);
  s->out("in_ready_o", m.in_ready_o, lanes);
  s->out("out_valid_o", m.out_valid_o, lanes);
  s->out("out_byte_o", m.out_byte_o, lanes * 8);
  s->out("out_last_o", m.out_last_o, lanes);
  return s;
}

// Port table of intra_pred4x4 (n = 4) and intra_pred8x8 (n = 8).
template <typename M>
SimBase* make_intra_pred(int n) {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("mode_i", m.mode_i, 4);
  s->in("top_i", m.top_i, 2 * n * 8);
  s->in("left_i", m.left_i, n * 8);
  s->in("corner_i", m.corner_i, 8);
  s->in("avail_i", m.avail_i, 4);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("pred_o", m.pred_o, n * n * 8);
  s->out("err_o", m.err_o, 1);
  return s;
}

// Port table of deblock_edge (4 lines of 8 samples a beat).
template <typename M>
SimBase* make_deblock_edge() {
  auto* s = new Sim<M>;
  auto& m = *s->m;
  s->in("valid_i", m.valid_i, 1);
  s->in("chroma_i", m.chroma_i, 1);
  s->in("bs_i", m.bs_i, 3);
  s->in("qp_av_i", m.qp_av_i, 6);
  s->in("offset_a_i", m.offset_a_i, 5);
  s->in("offset_b_i", m.offset_b_i, 5);
  s->in("lines_i", m.lines_i, 4 * 64);
  s->in("ready_i", m.ready_i, 1);
  s->out("ready_o", m.ready_o, 1);
  s->out("valid_o", m.valid_o, 1);
  s->out("lines_o", m.lines_o, 4 * 64);
  return s;
}

}  // namespace

extern "C" {

// A new simulation of top `model`, or null for an unknown name.
void* tc_sim_new(const char* model) {
#define TC_MODEL(name, make)                              \
  if (std::strcmp(model, #name) == 0) return make;
#ifdef TC_HAVE_residual_lane
  TC_MODEL(residual_lane, make_lane<Vresidual_lane>(16))
#endif
#ifdef TC_HAVE_residual_lane_yosys
  TC_MODEL(residual_lane_yosys, make_lane<Vresidual_lane_yosys>(16))
#endif
#ifdef TC_HAVE_residual_lane8x8
  TC_MODEL(residual_lane8x8, make_lane<Vresidual_lane8x8>(64))
#endif
#ifdef TC_HAVE_luma_dc_lane
  TC_MODEL(luma_dc_lane, make_dc_lane<Vluma_dc_lane>(16, 33))
#endif
#ifdef TC_HAVE_luma_dc_lane_yosys
  TC_MODEL(luma_dc_lane_yosys, make_dc_lane<Vluma_dc_lane_yosys>(16, 33))
#endif
#ifdef TC_HAVE_chroma_dc_lane
  TC_MODEL(chroma_dc_lane, make_dc_lane<Vchroma_dc_lane>(4, 30))
#endif
#ifdef TC_HAVE_chroma_dc_lane_yosys
  TC_MODEL(chroma_dc_lane_yosys, make_dc_lane<Vchroma_dc_lane_yosys>(4, 30))
#endif
#ifdef TC_HAVE_align
  TC_MODEL(align, make_align<Valign>())
#endif
#ifdef TC_HAVE_align_yosys
  TC_MODEL(align_yosys, make_align<Valign_yosys>())
#endif
#ifdef TC_HAVE_align_scan
  TC_MODEL(align_scan, make_align_scan<Valign_scan>())
#endif
#ifdef TC_HAVE_align_apply
  TC_MODEL(align_apply, make_align_apply<Valign_apply>())
#endif
#ifdef TC_HAVE_dealign
  TC_MODEL(dealign, make_dealign<Vdealign>())
#endif
#ifdef TC_HAVE_dealign_yosys
  TC_MODEL(dealign_yosys, make_dealign<Vdealign_yosys>())
#endif
#ifdef TC_HAVE_cabac_enc_bin
  TC_MODEL(cabac_enc_bin, make_cabac_enc_bin<Vcabac_enc_bin>())
#endif
#ifdef TC_HAVE_cabac_enc_bin_yosys
  TC_MODEL(cabac_enc_bin_yosys, make_cabac_enc_bin<Vcabac_enc_bin_yosys>())
#endif
#ifdef TC_HAVE_cabac_dec
  TC_MODEL(cabac_dec, make_cabac_dec<Vcabac_dec>())
#endif
#ifdef TC_HAVE_cabac_dec_yosys
  TC_MODEL(cabac_dec_yosys, make_cabac_dec<Vcabac_dec_yosys>())
#endif
#ifdef TC_HAVE_cabac_dec_t2
  TC_MODEL(cabac_dec_t2, make_cabac_dec<Vcabac_dec_t2>(2))
#endif
#ifdef TC_HAVE_cabac_enc_engine
  TC_MODEL(cabac_enc_engine, make_cabac_enc_engine<Vcabac_enc_engine>())
#endif
#ifdef TC_HAVE_cabac_enc
  TC_MODEL(cabac_enc, make_cabac_enc<Vcabac_enc>())
#endif
#ifdef TC_HAVE_cabac_enc_engine_yosys
  TC_MODEL(cabac_enc_engine_yosys, make_cabac_enc_engine<Vcabac_enc_engine_yosys>())
#endif
#ifdef TC_HAVE_enc_decide_i16
  TC_MODEL(enc_decide_i16, make_enc_decide_i16<Venc_decide_i16>())
#endif
#ifdef TC_HAVE_enc_decide_i16_yosys
  TC_MODEL(enc_decide_i16_yosys, make_enc_decide_i16<Venc_decide_i16_yosys>())
#endif
#ifdef TC_HAVE_enc_resid_i16
  TC_MODEL(enc_resid_i16, make_enc_resid_i16<Venc_resid_i16>())
#endif
#ifdef TC_HAVE_enc_resid_i16_yosys
  TC_MODEL(enc_resid_i16_yosys, make_enc_resid_i16<Venc_resid_i16_yosys>())
#endif
#ifdef TC_HAVE_enc_syntax_i16
  TC_MODEL(enc_syntax_i16, make_enc_syntax_i16<Venc_syntax_i16>())
#endif
#ifdef TC_HAVE_intra_edges
  TC_MODEL(intra_edges, make_intra_edges<Vintra_edges>())
#endif
#ifdef TC_HAVE_slice_header_write
  TC_MODEL(slice_header_write, make_slice_header_write<Vslice_header_write>())
#endif
#ifdef TC_HAVE_param_sets_write
  TC_MODEL(param_sets_write, make_param_sets_write<Vparam_sets_write>())
#endif
#ifdef TC_HAVE_nal_write
  TC_MODEL(nal_write, make_nal_write<Vnal_write>())
#endif
#ifdef TC_HAVE_nal_read
  TC_MODEL(nal_read, make_nal_read<Vnal_read>())
#endif
#ifdef TC_HAVE_header_read
  TC_MODEL(header_read, make_header_read<Vheader_read>())
#endif
#ifdef TC_HAVE_dec_front
  TC_MODEL(dec_front, make_dec_front<Vdec_front>())
#endif
#ifdef TC_HAVE_enc_lane_i16
  TC_MODEL(enc_lane_i16, make_enc_lane_i16<Venc_lane_i16>())
#endif
#ifdef TC_HAVE_dec_mb_i16
  TC_MODEL(dec_mb_i16, make_dec_mb_i16<Vdec_mb_i16>())
#endif
#ifdef TC_HAVE_dec_mb_i16_yosys
  TC_MODEL(dec_mb_i16_yosys, make_dec_mb_i16<Vdec_mb_i16_yosys>())
#endif
#ifdef TC_HAVE_tensor_dec_top
  TC_MODEL(tensor_dec_top, make_tensor_dec_top<Vtensor_dec_top>(3))
#endif
#ifdef TC_HAVE_tensor_dec_top_13
  TC_MODEL(tensor_dec_top_13, make_tensor_dec_top<Vtensor_dec_top_13>(13))
#endif
#ifdef TC_HAVE_tensor_enc_top
  TC_MODEL(tensor_enc_top, make_tensor_enc_top<Vtensor_enc_top>(2))
#endif
#ifdef TC_HAVE_tensor_enc_top_6
  TC_MODEL(tensor_enc_top_6, make_tensor_enc_top<Vtensor_enc_top_6>(6))
#endif
#ifdef TC_HAVE_loopback_i16
  TC_MODEL(loopback_i16, make_loopback_i16<Vloopback_i16>())
#endif
#ifdef TC_HAVE_dec_lane_i16
  TC_MODEL(dec_lane_i16, make_dec_lane_i16<Vdec_lane_i16>())
#endif
#ifdef TC_HAVE_intra_pred4x4
  TC_MODEL(intra_pred4x4, make_intra_pred<Vintra_pred4x4>(4))
#endif
#ifdef TC_HAVE_intra_pred4x4_yosys
  TC_MODEL(intra_pred4x4_yosys, make_intra_pred<Vintra_pred4x4_yosys>(4))
#endif
#ifdef TC_HAVE_intra_pred8x8
  TC_MODEL(intra_pred8x8, make_intra_pred<Vintra_pred8x8>(8))
#endif
#ifdef TC_HAVE_intra_pred8x8_yosys
  TC_MODEL(intra_pred8x8_yosys, make_intra_pred<Vintra_pred8x8_yosys>(8))
#endif
#ifdef TC_HAVE_deblock_edge
  TC_MODEL(deblock_edge, make_deblock_edge<Vdeblock_edge>())
#endif
#ifdef TC_HAVE_deblock_edge_yosys
  TC_MODEL(deblock_edge_yosys, make_deblock_edge<Vdeblock_edge_yosys>())
#endif
#undef TC_MODEL
  return nullptr;
}

void tc_sim_free(void* h) { delete static_cast<SimBase*>(h); }

// Index of port `name`, or -1.
int32_t tc_sim_port(void* h, const char* name) {
  auto* s = static_cast<SimBase*>(h);
  for (std::size_t i = 0; i < s->ports.size(); ++i) {
    if (s->ports[i].name == name) return static_cast<int32_t>(i);
  }
  return -1;
}

// Width in bits of port `idx`; negative for an output port.
int32_t tc_sim_port_width(void* h, int32_t idx) {
  auto* s = static_cast<SimBase*>(h);
  const Port& p = s->ports.at(static_cast<std::size_t>(idx));
  return p.input ? p.width : -p.width;
}

// Sets input port `idx` from ceil(width / 32) words (bits above the width must be zero).
void tc_sim_set(void* h, int32_t idx, const uint32_t* words) {
  static_cast<SimBase*>(h)->ports.at(static_cast<std::size_t>(idx)).set(words);
}

// Reads port `idx` into ceil(width / 32) words.
void tc_sim_get(void* h, int32_t idx, uint32_t* words) {
  static_cast<SimBase*>(h)->ports.at(static_cast<std::size_t>(idx)).get(words);
}

// Drives rst_ni: active (low) when `active` is nonzero.
void tc_sim_reset(void* h, int32_t active) { static_cast<SimBase*>(h)->reset(active != 0); }

// Settles the combinational logic with the clock low (outputs then show this cycle's values).
void tc_sim_eval(void* h) { static_cast<SimBase*>(h)->eval_low(); }

// One rising clock edge (registers update), then the clock low again.
void tc_sim_tick(void* h) { static_cast<SimBase*>(h)->rising(); }

}  // extern "C"
