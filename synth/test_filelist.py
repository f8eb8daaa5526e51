"""Tests of the file-list parser (synth/filelist.py): the comment cases and the errors."""

import io
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import filelist  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class ParseTest(unittest.TestCase):
    def test_comments_blank_lines_and_whitespace(self):
        text = (
            "// header comment\n"
            "a.sv\n"
            "\n"
            "   b/c.sv   // inline comment\n"
            "d.sv// no space before the comment\n"
            "\t// indented comment\n"
            "e.sv\r\n"
            "f.sv // comment with // inside\n"
        )
        self.assertEqual(filelist.parse(text), ["a.sv", "b/c.sv", "d.sv", "e.sv", "f.sv"])

    def test_two_paths_on_a_line_are_an_error(self):
        with self.assertRaisesRegex(filelist.FileListError, r"x.f:2: one path per line"):
            filelist.parse("a.sv\nb.sv c.sv // two\n", "x.f")

    def test_read_resolves_against_the_list_folder_and_checks_files(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            (d / "sub").mkdir()
            (d / "sub" / "m.sv").write_text("module m; endmodule\n")
            (d / "files.f").write_text("sub/m.sv // the module\n")
            self.assertEqual(filelist.read(d / "files.f"), [(d / "sub" / "m.sv").resolve()])
            (d / "files.f").write_text("sub/m.sv\nsub/missing.sv\n")
            with self.assertRaisesRegex(filelist.FileListError, "missing.sv does not exist"):
                filelist.read(d / "files.f")
        with self.assertRaisesRegex(filelist.FileListError, "cannot read file list"):
            filelist.read(Path("/nonexistent/files.f"))

    def test_cli_prints_the_rtl_list(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(filelist.main(["--relative-to", str(ROOT), str(ROOT / "rtl/files.f")]), 0)
        lines = out.getvalue().splitlines()
        # The assertion macros come first: every module after them uses them.
        self.assertEqual(lines[0], "rtl/prim/prim_assert.sv")
        self.assertIn("rtl/prim/prim_pipe_ctrl.sv", lines)
        self.assertIn("rtl/residual_lane.sv", lines)
        self.assertTrue(all(line.startswith("rtl/") and line.endswith(".sv") for line in lines))
        err = io.StringIO()
        with redirect_stderr(err):
            self.assertEqual(filelist.main(["/nonexistent/files.f"]), 1)
        self.assertIn("filelist: cannot read file list", err.getvalue())


if __name__ == "__main__":
    unittest.main()
