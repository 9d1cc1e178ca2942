# copy the records of /work/exp/p13e (the queue's folder) here: the queue file and log, every run's config and
# metrics, the logs, eval lines and grids; no checkpoints (the shared script does the copying).
exec "$(dirname "$0")/../../tools/sync_records.sh" /work/exp/p13e "$(dirname "$0")"
