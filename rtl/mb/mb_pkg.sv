// mb_pkg: where a 4x4 block of an Intra16x16 macroblock sits (golden: mb::neighbours' BLK_X /
// BLK_Y for luma4x4BlkIdx; chroma blocks raster in their 8x8 component), shared by the
// encoder's residual stage and the reconstruction both lanes run.
//
// Blocks k: 0..15 luma in luma4x4BlkIdx order (bx = {k[2], k[0]}, by = {k[3], k[1]}),
// 16..19 Cb and 20..23 Cr (bx = k[0], by = k[1]). A macroblock's samples: luma 16x16 then Cb
// and Cr 8x8, raster (enc_decide_i16's src_i layout).
package mb_pkg;
  // Block k's plane (0 luma, 1 Cb, 2 Cr) and its place in 4x4 blocks: {plane, bx, by}.
  function automatic logic [5:0] blk_pos(input logic [4:0] k);
    if (k[4]) blk_pos = {k[2] ? 2'd2 : 2'd1, 1'b0, k[0], 1'b0, k[1]};
    else      blk_pos = {2'd0, k[2], k[0], k[3], k[1]};
  endfunction

  // Sample n (raster in the block) of block k: its byte index in the macroblock. For
  // constant arguments (generate loops: the per-block views are wiring).
  function automatic int unsigned blk_sample(input int unsigned k, input int unsigned n);
    int unsigned bx, by;
    if (k < 16) begin
      bx = ((k / 4) % 2) * 2 + k % 2;
      by = ((k / 8) % 2) * 2 + (k / 2) % 2;
      blk_sample = 16 * (4 * by + n / 4) + 4 * bx + n % 4;
    end else begin
      bx = k % 2;
      by = (k / 2) % 2;
      blk_sample = 256 + 64 * ((k / 4) % 2) + 8 * (4 * by + n / 4) + 4 * bx + n % 4;
    end
  endfunction
endpackage
