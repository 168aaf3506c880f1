package dev.tierbench.common.model;

import java.util.List;
import java.util.Set;

/** How much arithmetic one operator does, from its tensors' shapes; see {@link ModelSummary#CONVENTION}. */
final class CostRules {

  /** MACs and FLOPs of an operator; flops -1 when there is no rule for it. */
  record Cost(long macs, long flops) {
    static final Cost UNKNOWN = new Cost(0, -1);
    static final Cost ZERO = new Cost(0, 0);

    static Cost macs(long macs) {
      return new Cost(macs, Math.multiplyExact(2, macs));
    }

    static Cost flops(long flops) {
      return new Cost(0, flops);
    }
  }

  /** One FLOP per output element. */
  private static final Set<String> ELEMENT_WISE = Set.of("ADD", "SUB", "MUL", "DIV", "SQUARED_DIFFERENCE", "MAXIMUM",
      "MINIMUM", "POW", "FLOOR_DIV", "FLOOR_MOD", "LOGISTIC", "TANH", "RELU", "RELU6", "RELU_N1_TO_1", "RELU_0_TO_1",
      "LEAKY_RELU", "PRELU", "HARD_SWISH", "ELU", "GELU", "EXP", "LOG", "SQRT", "RSQRT", "SQUARE", "NEG", "ABS",
      "FLOOR", "CEIL", "ROUND", "SIN", "COS", "SOFTMAX", "LOG_SOFTMAX", "L2_NORMALIZATION", "QUANTIZE", "DEQUANTIZE",
      "CAST", "RESIZE_BILINEAR", "RESIZE_NEAREST_NEIGHBOR", "ADD_N", "SELECT", "SELECT_V2", "LESS", "GREATER",
      "EQUAL", "NOT_EQUAL", "LESS_EQUAL", "GREATER_EQUAL", "LOGICAL_AND", "LOGICAL_OR", "LOGICAL_NOT");
  /** One FLOP per input element. */
  private static final Set<String> REDUCTIONS = Set.of("MEAN", "SUM", "REDUCE_MAX", "REDUCE_MIN", "REDUCE_PROD",
      "REDUCE_ANY", "ARG_MAX", "ARG_MIN");
  /** Windowed: one FLOP per window element per output element. */
  private static final Set<String> POOLS = Set.of("AVERAGE_POOL_2D", "MAX_POOL_2D", "L2_POOL_2D");
  /** Moves or reinterprets data without arithmetic. */
  private static final Set<String> DATA_MOVEMENT = Set.of("RESHAPE", "SQUEEZE", "EXPAND_DIMS", "CONCATENATION",
      "PAD", "PADV2", "MIRROR_PAD", "TRANSPOSE", "GATHER", "GATHER_ND", "SLICE", "STRIDED_SLICE", "SPLIT", "SPLIT_V",
      "PACK", "UNPACK", "TILE", "SHAPE", "BROADCAST_TO", "DEPTH_TO_SPACE", "SPACE_TO_DEPTH", "BATCH_TO_SPACE_ND",
      "SPACE_TO_BATCH_ND", "REVERSE_V2", "FILL", "ZEROS_LIKE", "ONES_LIKE", "EMBEDDING_LOOKUP");

  private CostRules() {}

  /** Operators that multiply-accumulate: the ones with MACs. */
  static final Set<String> MAC_OPS = Set.of("CONV_2D", "DEPTHWISE_CONV_2D", "TRANSPOSE_CONV", "FULLY_CONNECTED",
      "BATCH_MATMUL");

  /**
   * Whether a constant input of {@code op} is a parameter. A 32- or 64-bit integer constant is one only as the
   * bias of a multiply-accumulate operator; elsewhere it is a shape, axis list, permutation or padding.
   */
  static boolean isParameter(String op, TensorDesc constant) {
    boolean wideInteger = constant.type().equals("int32") || constant.type().equals("int64");
    return !wideInteger || MAC_OPS.contains(op);
  }

  /**
   * @param in the operator's inputs (null for an absent optional input)
   * @param options what the operator's options say that shapes do not (pool window, matmul adjoints)
   * @throws ArithmeticException when a corrupt shape makes the cost overflow 64 bits
   */
  static Cost of(String op, List<TensorDesc> in, List<TensorDesc> out, Options options) {
    long outElements = out.stream().mapToLong(TensorDesc::elements).reduce(0, Math::addExact);
    switch (op) {
      case "CONV_2D": {
        int[] filter = in.get(1).shape(); // [out channels, kh, kw, in channels]
        return Cost.macs(product(outElements, filter[1], filter[2], filter[3]));
      }
      case "DEPTHWISE_CONV_2D": {
        int[] filter = in.get(1).shape(); // [1, kh, kw, channels]
        return Cost.macs(product(outElements, filter[1], filter[2]));
      }
      case "TRANSPOSE_CONV": {
        int[] filter = in.get(1).shape(); // [out channels, kh, kw, in channels]; input is in[2]
        return Cost.macs(product(in.get(2).elements(), filter[0], filter[1], filter[2]));
      }
      case "FULLY_CONNECTED": {
        int[] weights = in.get(1).shape(); // [out, in]
        return Cost.macs(product(outElements, weights[weights.length - 1]));
      }
      case "BATCH_MATMUL": {
        int[] a = in.get(0).shape();
        long k = options.adjointX() ? a[a.length - 2] : a[a.length - 1];
        return Cost.macs(product(outElements, k));
      }
      default:
        break;
    }
    if (ELEMENT_WISE.contains(op)) {
      return Cost.flops(outElements);
    }
    if (REDUCTIONS.contains(op)) {
      return Cost.flops(in.get(0).elements());
    }
    if (POOLS.contains(op)) {
      return Cost.flops(product(outElements, options.windowElements()));
    }
    if (DATA_MOVEMENT.contains(op)) {
      return Cost.ZERO;
    }
    return Cost.UNKNOWN;
  }

  private static long product(long first, long... factors) {
    long product = first;
    for (long factor : factors) {
      product = Math.multiplyExact(product, factor);
    }
    return product;
  }

  /** The few option values cost rules need. */
  record Options(long windowElements, boolean adjointX) {
    static final Options NONE = new Options(1, false);
  }
}
