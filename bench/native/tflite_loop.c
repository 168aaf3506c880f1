/*
 * tflite_loop: the native baseline for tierbench's Java measurement.
 *
 * Usage: tflite_loop MODEL THREADS XNNPACK(0|1) WARMUP QUERIES
 *
 * Does per query exactly what tierbench's agent does per query (TfliteRuntime.Loaded.run): copy every
 * input from a preallocated buffer into its tensor, invoke, copy every output into a preallocated buffer.
 * Each query is timed alone with CLOCK_MONOTONIC. Like tierbench's Measurer, one untimed first inference
 * runs before WARMUP untimed queries. Prints one JSON line on stdout with tierbench's key names.
 *
 * Links against a TFLite library that exports the C API: the JavaCPP presets' libjnitensorflowlite.so (current
 * TFLite, tierbench's engine tflite) or the libtensorflowlite_jni.so DJL extracts (TFLite 2.6.2, engine tflite-2.6).
 * No TFLite headers are installed, so the few prototypes used are declared here, types kept opaque.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct TfLiteModel TfLiteModel;
typedef struct TfLiteInterpreterOptions TfLiteInterpreterOptions;
typedef struct TfLiteInterpreter TfLiteInterpreter;
typedef struct TfLiteTensor TfLiteTensor;
typedef struct TfLiteDelegate TfLiteDelegate;
typedef int TfLiteStatus; /* kTfLiteOk == 0 */

/* TfLiteType values used here (tensorflow/lite/c/common.h). */
enum { kTfLiteFloat32 = 1, kTfLiteUInt8 = 3, kTfLiteInt8 = 9 };

/*
 * TFLite 2.6 declares `typedef struct { int32_t num_threads; } TfLiteXNNPackDelegateOptions;`, but its
 * TfLiteXNNPackDelegateCreate copies 8 bytes from the pointer; later versions add `uint32_t flags` and more
 * fields (pointers: larger than 16 bytes, so returned by value through memory, as this padded struct is). On 2.6
 * Options{Default} is all zeros, so a zeroed struct is its default; later ones are asked for their default.
 */
typedef struct {
  int32_t num_threads;
  uint32_t flags;
  unsigned char padding[248];
} XnnpackOptions;

/* XNNPACK's int8 and uint8 paths (TFLITE_XNNPACK_DELEGATE_FLAG_QS8, _QU8), as TFLite's default delegate enables them. */
enum { XNNPACK_QS8 = 1, XNNPACK_QU8 = 2 };

extern const char *TfLiteVersion(void);
extern TfLiteModel *TfLiteModelCreateFromFile(const char *path);
extern void TfLiteModelDelete(TfLiteModel *model);
extern TfLiteInterpreterOptions *TfLiteInterpreterOptionsCreate(void);
extern void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions *options);
extern void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions *options, int32_t num_threads);
extern void TfLiteInterpreterOptionsAddDelegate(TfLiteInterpreterOptions *options, TfLiteDelegate *delegate);
extern TfLiteInterpreter *TfLiteInterpreterCreate(const TfLiteModel *model, const TfLiteInterpreterOptions *options);
extern void TfLiteInterpreterDelete(TfLiteInterpreter *interpreter);
extern int32_t TfLiteInterpreterGetInputTensorCount(const TfLiteInterpreter *interpreter);
extern TfLiteTensor *TfLiteInterpreterGetInputTensor(const TfLiteInterpreter *interpreter, int32_t index);
extern TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter *interpreter);
extern TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter *interpreter);
extern int32_t TfLiteInterpreterGetOutputTensorCount(const TfLiteInterpreter *interpreter);
extern const TfLiteTensor *TfLiteInterpreterGetOutputTensor(const TfLiteInterpreter *interpreter, int32_t index);
extern int TfLiteTensorType(const TfLiteTensor *tensor);
extern size_t TfLiteTensorByteSize(const TfLiteTensor *tensor);
extern TfLiteStatus TfLiteTensorCopyFromBuffer(TfLiteTensor *tensor, const void *input_data, size_t input_data_size);
extern TfLiteStatus TfLiteTensorCopyToBuffer(const TfLiteTensor *tensor, void *output_data, size_t output_data_size);
extern TfLiteDelegate *TfLiteXNNPackDelegateCreate(const XnnpackOptions *options);
extern XnnpackOptions TfLiteXNNPackDelegateOptionsDefault(void);
extern void TfLiteXNNPackDelegateDelete(TfLiteDelegate *delegate);

static void die(const char *message, const char *detail) {
  fprintf(stderr, "tflite_loop: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static long parse_count(const char *text, const char *name, long min) {
  char *end;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < min) {
    fprintf(stderr, "tflite_loop: %s must be an integer >= %ld, got '%s'\n", name, min, text);
    exit(2);
  }
  return value;
}

static int64_t now_nanos(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static uint64_t next_random(uint64_t *state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL; /* 64-bit LCG: enough for inputs */
  return *state;
}

/* Same input kinds as tierbench (values differ, the work does not): float32 in [0,1), 8-bit random, else 0. */
static void fill(void *buffer, size_t bytes, int type, uint64_t *state) {
  if (type == kTfLiteFloat32) {
    float *values = buffer;
    for (size_t i = 0; i < bytes / sizeof(float); i++) values[i] = (float)(next_random(state) >> 40) / 16777216.0f;
  } else if (type == kTfLiteUInt8 || type == kTfLiteInt8) {
    unsigned char *values = buffer;
    for (size_t i = 0; i < bytes; i++) values[i] = (unsigned char)(next_random(state) >> 56);
  } else {
    memset(buffer, 0, bytes);
  }
}

static void print_json_string(const char *text) {
  putchar('"');
  for (; *text; text++) {
    if (*text == '"' || *text == '\\') putchar('\\');
    if ((unsigned char)*text >= 0x20) putchar(*text);
  }
  putchar('"');
}

static int compare_int64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Nearest rank, as HdrHistogram's getValueAtPercentile (which tierbench uses) counts. */
static int64_t percentile(const int64_t *sorted, long n, double p) {
  long rank = (long)((p / 100.0) * (double)n + 0.999999999);
  if (rank < 1) rank = 1;
  return sorted[(rank > n ? n : rank) - 1];
}

typedef struct {
  TfLiteInterpreter *interpreter;
  int inputs, outputs;
  TfLiteTensor **in_tensors;
  const TfLiteTensor **out_tensors;
  void **in_buffers, **out_buffers;
  size_t *in_bytes, *out_bytes;
} Loop;

/* One query: what Interpreter.runForMultipleInputsOutputs does with direct buffers. */
static void query(const Loop *loop) {
  for (int i = 0; i < loop->inputs; i++)
    if (TfLiteTensorCopyFromBuffer(loop->in_tensors[i], loop->in_buffers[i], loop->in_bytes[i]) != 0)
      die("copying an input into its tensor failed", NULL);
  if (TfLiteInterpreterInvoke(loop->interpreter) != 0) die("TfLiteInterpreterInvoke failed", NULL);
  for (int i = 0; i < loop->outputs; i++)
    if (TfLiteTensorCopyToBuffer(loop->out_tensors[i], loop->out_buffers[i], loop->out_bytes[i]) != 0)
      die("copying an output out of its tensor failed", NULL);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s MODEL THREADS XNNPACK(0|1) WARMUP QUERIES\n", argv[0]);
    return 2;
  }
  const char *path = argv[1];
  int threads = (int)parse_count(argv[2], "THREADS", 1);
  int xnnpack = (int)parse_count(argv[3], "XNNPACK", 0);
  long warmup = parse_count(argv[4], "WARMUP", 0);
  long queries = parse_count(argv[5], "QUERIES", 1);
  if (xnnpack > 1) die("XNNPACK must be 0 or 1", argv[3]);
  fprintf(stderr, "tflite_loop: TFLite C API %s\n", TfLiteVersion());

  FILE *probe = fopen(path, "rb");
  if (!probe) die("cannot open model file", path);
  fclose(probe);
  TfLiteModel *model = TfLiteModelCreateFromFile(path);
  if (!model) die("TFLite cannot load the model (not a valid .tflite file?)", path);

  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, threads);
  TfLiteDelegate *delegate = NULL;
  if (xnnpack) {
    /*
     * As tierbench applies XNNPACK: on 2.6 DJL's Options.setUseXNNPACK(true), the interpreter's thread count; on
     * later versions TFLite's default delegate (BuiltinOpResolverWithXNNPACK): its defaults, no thread pool for one
     * thread, the int8 and uint8 paths on.
     */
    XnnpackOptions xnn;
    memset(&xnn, 0, sizeof xnn);
    if (strncmp(TfLiteVersion(), "2.6.", 4) == 0) {
      xnn.num_threads = threads;
    } else {
      xnn = TfLiteXNNPackDelegateOptionsDefault();
      xnn.num_threads = threads > 1 ? threads : 0;
      xnn.flags |= XNNPACK_QS8 | XNNPACK_QU8;
    }
    delegate = TfLiteXNNPackDelegateCreate(&xnn);
    if (!delegate) die("TfLiteXNNPackDelegateCreate failed", NULL);
    TfLiteInterpreterOptionsAddDelegate(options, delegate);
  }
  Loop loop = {0};
  loop.interpreter = TfLiteInterpreterCreate(model, options);
  if (!loop.interpreter) die("TfLiteInterpreterCreate failed for the model (unsupported op?)", path);

  /* Batch 1, as tierbench --batch 1: the model's own shapes. */
  loop.inputs = TfLiteInterpreterGetInputTensorCount(loop.interpreter);
  if (TfLiteInterpreterAllocateTensors(loop.interpreter) != 0) die("TfLiteInterpreterAllocateTensors failed", path);

  /* Preallocated buffers, filled once, as tierbench's direct ByteBuffers. */
  uint64_t seed = 0x7e57da7aULL;
  loop.in_tensors = calloc((size_t)loop.inputs + 1, sizeof *loop.in_tensors);
  loop.in_buffers = calloc((size_t)loop.inputs + 1, sizeof *loop.in_buffers);
  loop.in_bytes = calloc((size_t)loop.inputs + 1, sizeof *loop.in_bytes);
  for (int i = 0; i < loop.inputs; i++) {
    loop.in_tensors[i] = TfLiteInterpreterGetInputTensor(loop.interpreter, i);
    loop.in_bytes[i] = TfLiteTensorByteSize(loop.in_tensors[i]);
    loop.in_buffers[i] = malloc(loop.in_bytes[i] + 1);
    if (!loop.in_buffers[i]) die("out of memory", NULL);
    fill(loop.in_buffers[i], loop.in_bytes[i], TfLiteTensorType(loop.in_tensors[i]), &seed);
  }
  loop.outputs = TfLiteInterpreterGetOutputTensorCount(loop.interpreter);
  loop.out_tensors = calloc((size_t)loop.outputs + 1, sizeof *loop.out_tensors);
  loop.out_buffers = calloc((size_t)loop.outputs + 1, sizeof *loop.out_buffers);
  loop.out_bytes = calloc((size_t)loop.outputs + 1, sizeof *loop.out_bytes);
  for (int i = 0; i < loop.outputs; i++) {
    loop.out_tensors[i] = TfLiteInterpreterGetOutputTensor(loop.interpreter, i);
    loop.out_bytes[i] = TfLiteTensorByteSize(loop.out_tensors[i]);
    loop.out_buffers[i] = malloc(loop.out_bytes[i] + 1);
    if (!loop.out_buffers[i]) die("out of memory", NULL);
  }

  int64_t *samples = malloc((size_t)queries * sizeof *samples);
  if (!samples) die("out of memory for the samples", NULL);
  query(&loop); /* first inference, untimed, as tierbench's Measurer */
  for (long i = 0; i < warmup; i++) query(&loop);
  int64_t begin = now_nanos();
  for (long i = 0; i < queries; i++) {
    int64_t start = now_nanos();
    query(&loop);
    samples[i] = now_nanos() - start;
  }
  int64_t duration = now_nanos() - begin;

  qsort(samples, (size_t)queries, sizeof *samples, compare_int64);
  printf("{\"model\":");
  print_json_string(path);
  printf(",\"runtime\":\"TFLite C API %s\",\"threads\":%d,\"xnnpack\":%s,\"warmupQueries\":%ld,"
         "\"queries\":%ld,\"durationNanos\":%lld,\"p50Nanos\":%lld,\"p90Nanos\":%lld,\"p99Nanos\":%lld,\"maxNanos\":%lld}\n",
         TfLiteVersion(), threads, xnnpack ? "true" : "false", warmup, queries, (long long)duration,
         (long long)percentile(samples, queries, 50), (long long)percentile(samples, queries, 90),
         (long long)percentile(samples, queries, 99), (long long)samples[queries - 1]);

  TfLiteInterpreterDelete(loop.interpreter);
  if (delegate) TfLiteXNNPackDelegateDelete(delegate); /* only after the interpreter that uses it */
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  return 0;
}
