"""Issue 13, item 4 and issue 11 (CPU scale, --bf16; 2026-12-03, tenth session): stronger and cheaper critics for the
discrete objective's post-training at NFE 4, and the more-flow-matching control (mf: the parent's run resumed at
lr 1e-3) scored at NFE 4. Every eval of this folder as a markdown row, as results/post13_dec03c/table.py prints
them (mf's CPU minutes count from the start of the parent's run). Records copied with
``tools/sync_records.sh /work/exp/p13h results/post13_dec03d``.

    python results/post13_dec03d/table.py
"""
import os
import runpy

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.dirname(HERE)
# runs of earlier folders scored here: DE (post13_dec03c), fmC (post13_dec03b)
RECORDS = {"DE": os.path.join(RESULTS, "post13_dec03c"), "fmC": os.path.join(RESULTS, "post13_dec03b")}

if __name__ == "__main__":
    runpy.run_path(os.path.join(RESULTS, "post13_dec03c", "table.py"))["main"](HERE, RECORDS)
