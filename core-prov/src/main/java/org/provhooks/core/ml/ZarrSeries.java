package org.provhooks.core.ml;

import dev.zarr.zarrjava.ZarrException;
import dev.zarr.zarrjava.core.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One metric series as a Zarr store, the way yProv4ML writes it: a group with attributes {@code name},
 * {@code context}, {@code source} and three one-dimensional arrays {@code epochs} (int32), {@code values} (float32) and
 * {@code timestamps} (int64, milliseconds), chunked by 1,000 and Blosc-compressed (zstd, yProv4ML's compressor for
 * Zarr). Written as Zarr v2; read as v2 or v3 (zarr-python 3, which newer yProv4ML releases use, writes v3). Read and
 * written with zarr-java.
 *
 * <!-- given: Path dir | import java.util.List -->
 * <pre>{@code
 * ZarrSeries.write(dir.resolve("loss_Training_None_GR0.zarr"), "loss", "Training", "None",
 *         new int[] {0, 1}, new float[] {0.9f, 0.7f}, new long[] {1700000000000L, 1700000001000L}, 2);
 * ZarrSeries.Points p = ZarrSeries.read(dir.resolve("loss_Training_None_GR0.zarr"));
 * }</pre>
 */
public final class ZarrSeries {
    /** yProv4ML's chunk length. */
    static final int CHUNK = 1000;

    private ZarrSeries() {}

    /**
     * A series read back.
     *
     * @param epochs     step or epoch of each value
     * @param values     the values
     * @param timestamps when each was logged (ms since the epoch)
     * @param name       the group's {@code name} attribute, or null
     */
    public record Points(long[] epochs, double[] values, long[] timestamps, String name) {
        public int size() {
            return values.length;
        }
    }

    /** Whether {@code path} is a Zarr store (a directory with {@code .zgroup}, {@code .zarray} or {@code zarr.json}). */
    public static boolean isStore(Path path) {
        return Files.isDirectory(path)
                && (Files.isRegularFile(path.resolve(".zgroup"))
                        || Files.isRegularFile(path.resolve("zarr.json"))
                        || Files.isRegularFile(path.resolve(".zattrs")));
    }

    /** Writes the first {@code n} points as a Zarr v2 group at {@code store} (replacing one that is there). */
    public static void write(
            Path store, String name, String context, String source, int[] epochs, float[] values, long[] ts, int n)
            throws IOException {
        try {
            Attributes attrs = new Attributes();
            attrs.put("name", name);
            attrs.put("context", context);
            attrs.put("source", source);
            dev.zarr.zarrjava.v2.Group g = dev.zarr.zarrjava.v2.Group.create(store, attrs);
            writeIntegers(
                    array(g, "epochs", dev.zarr.zarrjava.v2.DataType.INT32, n),
                    store.resolve("epochs"),
                    n,
                    4,
                    (b, i) -> b.putInt(epochs[i]));
            array(g, "values", dev.zarr.zarrjava.v2.DataType.FLOAT32, n)
                    .write(ucar.ma2.Array.factory(ucar.ma2.DataType.FLOAT, new int[] {n}, trim(values, n)));
            writeIntegers(
                    array(g, "timestamps", dev.zarr.zarrjava.v2.DataType.INT64, n),
                    store.resolve("timestamps"),
                    n,
                    8,
                    (b, i) -> b.putLong(ts[i]));
        } catch (ZarrException | RuntimeException | LinkageError e) {
            throw new IOException("cannot write metric " + name + " as Zarr at " + store + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Put {
        void put(java.nio.ByteBuffer b, int i);
    }

    /**
     * Integer chunks. zarr-java turns integer arrays into bytes with a netcdf-java method newer than the ucar.ma2 on
     * Maven Central (see the root pom), so their little-endian bytes are laid out here and compressed by the array's own
     * Blosc codec; floats, all metadata and every read go through zarr-java.
     */
    private static void writeIntegers(dev.zarr.zarrjava.v2.Array array, Path dir, int n, int width, Put put)
            throws IOException, ZarrException {
        dev.zarr.zarrjava.v2.ArrayMetadata md = array.metadata();
        dev.zarr.zarrjava.v2.codec.core.BloscCodec blosc = ((dev.zarr.zarrjava.v2.codec.core.BloscCodec) md.compressor)
                .evolveFromCoreArrayMetadata(md.coreArrayMetadata);
        int chunk = md.chunks[0];
        for (int c = 0; c * chunk < n; c++) {
            // A v2 chunk is always whole: the part past the array's end is padding.
            java.nio.ByteBuffer raw =
                    java.nio.ByteBuffer.allocate(chunk * width).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) {
                put.put(raw, i);
            }
            raw.rewind();
            java.nio.ByteBuffer packed = blosc.encode(raw);
            byte[] bytes = new byte[packed.remaining()];
            packed.get(bytes);
            Files.write(dir.resolve(Integer.toString(c)), bytes);
        }
    }

    private static dev.zarr.zarrjava.v2.Array array(
            dev.zarr.zarrjava.v2.Group g, String name, dev.zarr.zarrjava.v2.DataType type, int n)
            throws IOException, ZarrException {
        return g.createArray(
                name,
                dev.zarr.zarrjava.v2.Array.metadataBuilder()
                        .withShape(n)
                        .withChunks(Math.max(1, Math.min(CHUNK, n)))
                        .withDataType(type)
                        .withBloscCompressor("zstd", "shuffle", 5)
                        .build());
    }

    /**
     * Reads a series store written by ProvHooks or yProv4ML (Zarr v2 or v3).
     *
     * @throws IOException (one line) when it is not such a store or a codec is not available
     */
    public static Points read(Path store) throws IOException {
        try {
            ucar.ma2.Array values = open(store.resolve("values")).read();
            int n = (int) values.getSize();
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = values.getDouble(i);
            }
            long[] epochs = longs(store.resolve("epochs"), n);
            long[] ts = longs(store.resolve("timestamps"), n);
            return new Points(epochs, v, ts, nameOf(store));
        } catch (ZarrException | RuntimeException | LinkageError e) {
            throw new IOException("cannot read the Zarr metric store " + store + ": " + e.getMessage(), e);
        }
    }

    private static dev.zarr.zarrjava.core.Array open(Path array) throws IOException, ZarrException {
        return Files.isRegularFile(array.resolve("zarr.json"))
                ? dev.zarr.zarrjava.v3.Array.open(array)
                : dev.zarr.zarrjava.v2.Array.open(array);
    }

    private static long[] longs(Path array, int n) throws IOException, ZarrException {
        long[] out = new long[n];
        if (!Files.isDirectory(array)) {
            return out;
        }
        ucar.ma2.Array a = open(array).read();
        for (int i = 0; i < n && i < a.getSize(); i++) {
            out[i] = a.getLong(i);
        }
        return out;
    }

    private static String nameOf(Path store) {
        try {
            Object name = Files.isRegularFile(store.resolve("zarr.json"))
                    ? dev.zarr.zarrjava.v3.Group.open(store).metadata.attributes.get("name")
                    : dev.zarr.zarrjava.v2.Group.open(store).metadata.attributes.get("name");
            return name == null ? null : String.valueOf(name);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The bytes a store takes on disk. */
    public static long size(Path store) throws IOException {
        try (var files = Files.walk(store)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }

    private static float[] trim(float[] a, int n) {
        return a.length == n ? a : java.util.Arrays.copyOf(a, n);
    }
}
