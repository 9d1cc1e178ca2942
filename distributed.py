"""Data parallel training for every script, one code path for 1 and N processes.

``torchrun --nproc_per_node N script.py ...`` starts N processes and sets RANK, WORLD_SIZE and
LOCAL_RANK; ``init`` reads them (a plain ``python script.py`` is rank 0 of 1). Each rank draws
its own shard of data and noise (seed + rank); gradients are averaged across ranks after every
backward by one coalesced all_reduce (``average``). The networks are deliberately not wrapped in
DistributedDataParallel: F_phi runs under ``torch.func.jvp``, which cannot take a DDP module, and
calling it on ``model.module`` would silently skip DDP's gradient sync (NOTES.md, Pitfalls). An
explicit all_reduce is the same arithmetic for every network and path. Only rank 0 writes.
"""

import os

import torch
import torch.distributed as dist


def rank():
    return dist.get_rank() if dist.is_initialized() else 0


def world_size():
    return dist.get_world_size() if dist.is_initialized() else 1


def is_main():
    return rank() == 0


def launched():
    """True under torchrun (or any launcher that sets WORLD_SIZE), before or after ``init``."""
    return "WORLD_SIZE" in os.environ


def env_rank():
    """This process's rank from the launcher's environment (0 without one); valid before ``init``."""
    return int(os.environ.get("RANK", 0))


def init(device):
    """Join the process group torchrun describes; returns this rank's device.

    ``device`` is the resolved --device. With several processes on CUDA every rank takes
    cuda:LOCAL_RANK (so ``--device cuda`` or ``cuda:0`` means "one GPU per process"); the backend
    is nccl for CUDA and gloo for the CPU. Without a launcher nothing happens. Raises ValueError
    when this process has no GPU of its own."""
    if not launched() or dist.is_initialized():
        return device
    if device.type == "cuda":
        local_rank = int(os.environ.get("LOCAL_RANK", 0))
        if local_rank >= torch.cuda.device_count():
            raise ValueError(f"process {local_rank} of this machine has no GPU: it has {torch.cuda.device_count()} "
                             f"(give torchrun --nproc_per_node {torch.cuda.device_count()} at most)")
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return device


def shutdown():
    """Leave the process group; every rank must call it. The barrier first lets all ranks finish
    their last collective and reach this point before any rank tears its connections down: a rank
    that left early once made its peer abort in gloo's teardown (SIGABRT, "terminate called without
    an active exception", in the CI of 2026-12-03)."""
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def finish():
    """Leave the process group once training is done; True on rank 0, which alone goes on to
    evaluate and write (after this, rank() is 0 everywhere, so ask before)."""
    main = is_main()
    shutdown()
    return main


def average(tensors):
    """Replace each tensor by its mean over all ranks, in one all_reduce (no-op on one process).

    The tensors are flattened into one buffer (same dtype and device); the caller passes every
    gradient of a network plus its loss, so all ranks step with the gradient of the global batch
    and agree on whether the step was finite."""
    if world_size() == 1 or not tensors:
        return
    flat = torch.cat([t.reshape(-1) for t in tensors])
    dist.all_reduce(flat)
    flat /= world_size()
    for t, part in zip(tensors, flat.split([t.numel() for t in tensors])):
        t.copy_(part.view_as(t))


def broadcast_modules(modules):
    """Copy rank 0's parameters and buffers to every rank, so that all ranks start equal."""
    if world_size() == 1:
        return
    for m in modules:
        for t in list(m.parameters()) + list(m.buffers()):
            dist.broadcast(t.data, src=0)


def minimum(tensor):
    """Elementwise minimum over ranks, in place (the rank that saw a non-finite value first wins)."""
    if world_size() > 1:
        dist.all_reduce(tensor, op=dist.ReduceOp.MIN)
    return tensor


def any_rank(flag):
    """True on every rank when ``flag`` is true on any (a signal may reach the ranks at different steps)."""
    if world_size() == 1:
        return flag
    t = torch.tensor([int(flag)], device=_collective_device())
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())


def gather_objects(obj):
    """A list of every rank's ``obj`` (on every rank); [obj] on one process."""
    if world_size() == 1:
        return [obj]
    out = [None] * world_size()
    dist.all_gather_object(out, obj)
    return out


def on_main(fn):
    """Run ``fn()`` on rank 0 only and hand every rank its result, or its error.

    For run-directory checks: rank 0 alone touches the folder, and when it refuses, every rank
    raises the same exception (so no rank waits forever at the next collective)."""
    result, error = None, None
    if is_main():
        try:
            result = fn()
        except Exception as e:  # noqa: BLE001 - re-raised below on every rank
            error = e
    if world_size() > 1:
        box = [result, error]
        dist.broadcast_object_list(box, src=0)
        result, error = box
    if error is not None:
        raise error
    return result


def _collective_device():
    return torch.device("cuda", torch.cuda.current_device()) if dist.get_backend() == "nccl" else torch.device("cpu")
