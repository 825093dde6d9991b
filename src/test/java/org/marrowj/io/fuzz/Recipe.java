package org.marrowj.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A mutated input as text: the seed it starts from, the kind of mutation (for the statistics) and
 * the byte operations applied in order. One operation per line, so a failing input is kept as a
 * few lines under {@code src/test/resources/fuzz-regressions/} and replayed exactly.
 * <p>
 * Operations: {@code flip OFFSET BIT}, {@code set OFFSET BYTE}, {@code trunc LENGTH},
 * {@code u16 OFFSET VALUE le|be}, {@code u32 OFFSET VALUE le|be}, {@code f32 OFFSET VALUE le|be},
 * {@code ascii OFFSET TEXT} (TEXT with {@code \s} for a space), {@code insert OFFSET HEX},
 * {@code nest OFFSET DEPTH explicit|implicit closed|open} (DEPTH sequences of undefined length,
 * each in an item of undefined length, with or without their delimitation items),
 * {@code gzip EXTRA_ZEROS} (compress everything so far, with that many zero bytes appended before
 * compression; a large count is appended as a second gzip member, which gzip readers decompress as
 * part of the same stream), {@code deflate OFFSET EXTRA_ZEROS} (raw-deflate everything from OFFSET on,
 * with that many zero bytes appended: a Deflated Explicit VR Little Endian data set). Offsets past the end of the data are ignored (the input is kept as it is).
 */
public final class Recipe {

	public final String seed;
	public final String kind;
	public final List<String> ops = new ArrayList<>();
	/** The folder variant: the mutated file is one slice among unmutated copies of its neighbours. */
	public boolean series;
	/** The voxel cap (system property marrowj.maxVoxels) to read with, or null for the default heap limit. */
	public Long cap;

	public Recipe(final String seed, final String kind) {
		this.seed = seed;
		this.kind = kind;
	}

	public Recipe op(final String op) {
		ops.add(op);
		return this;
	}

	/** True when the mutated bytes are gzip-compressed (a gzip operation was applied). */
	public boolean gzipped() {
		for (final String o : ops)
			if (o.startsWith("gzip")) return true;
		return false;
	}

	public String format() {
		final StringBuilder sb = new StringBuilder();
		sb.append("seed ").append(seed).append('\n');
		sb.append("kind ").append(kind).append('\n');
		if (series) sb.append("series\n");
		if (cap != null) sb.append("cap ").append(cap).append('\n');
		for (final String o : ops)
			sb.append("op ").append(o).append('\n');
		return sb.toString();
	}

	public static Recipe parse(final String text) {
		String seed = null, kind = "unknown";
		boolean series = false;
		Long cap = null;
		final List<String> ops = new ArrayList<>();
		for (String line : text.split("\n")) {
			line = line.trim();
			if (line.isEmpty() || line.startsWith("#")) continue;
			if (line.startsWith("seed ")) seed = line.substring(5).trim();
			else if (line.startsWith("kind ")) kind = line.substring(5).trim();
			else if (line.equals("series")) series = true;
			else if (line.startsWith("cap ")) cap = Long.valueOf(line.substring(4).trim());
			else if (line.startsWith("op ")) ops.add(line.substring(3).trim());
			else throw new IllegalArgumentException("bad recipe line: " + line);
		}
		if (seed == null) throw new IllegalArgumentException("recipe without seed");
		final Recipe r = new Recipe(seed, kind);
		r.series = series;
		r.cap = cap;
		r.ops.addAll(ops);
		return r;
	}

	@Override
	public String toString() {
		return format();
	}

	/** The seed bytes with every operation applied. */
	public byte[] apply(final byte[] seedBytes) {
		byte[] b = seedBytes.clone();
		for (final String op : ops)
			b = applyOne(b, op);
		return b;
	}

	private static byte[] applyOne(final byte[] b, final String op) {
		final String[] a = op.split(" ");
		switch (a[0]) {
			case "flip": {
				final int at = Integer.parseInt(a[1]);
				if (at < b.length) b[at] ^= (byte) (1 << Integer.parseInt(a[2]));
				return b;
			}
			case "set": {
				final int at = Integer.parseInt(a[1]);
				if (at < b.length) b[at] = (byte) Integer.parseInt(a[2]);
				return b;
			}
			case "trunc":
				return Arrays.copyOf(b, Math.min(b.length, Integer.parseInt(a[1])));
			case "u16":
			case "u32":
			case "f32": {
				final int at = Integer.parseInt(a[1]);
				final int n = a[0].equals("u16") ? 2 : 4;
				if (at + n > b.length) return b;
				final ByteBuffer bb = ByteBuffer.wrap(b).order(a[3].equals("be") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
				if (a[0].equals("u16")) bb.putShort(at, (short) Long.parseLong(a[2]));
				else if (a[0].equals("u32")) bb.putInt(at, (int) Long.parseLong(a[2]));
				else bb.putFloat(at, Float.parseFloat(a[2]));
				return b;
			}
			case "ascii": {
				final int at = Integer.parseInt(a[1]);
				final byte[] t = (a.length > 2 ? a[2] : "").replace("\\s", " ").getBytes(StandardCharsets.ISO_8859_1);
				for (int i = 0; i < t.length && at + i < b.length; i++)
					b[at + i] = t[i];
				return b;
			}
			case "insert": {
				final int at = Math.min(Integer.parseInt(a[1]), b.length);
				return splice(b, at, hex(a[2]));
			}
			case "nest": {
				final int at = Math.min(Integer.parseInt(a[1]), b.length);
				return splice(b, at, nest(Integer.parseInt(a[2]), a[3].equals("explicit"), a[4].equals("closed")));
			}
			case "gzip":
				return gzip(b, Long.parseLong(a[1]));
			case "deflate": {
				final int at = Math.min(Integer.parseInt(a[1]), b.length);
				final byte[] d = deflate(Arrays.copyOfRange(b, at, b.length), Long.parseLong(a[2]));
				final byte[] r = Arrays.copyOf(b, at + d.length);
				System.arraycopy(d, 0, r, at, d.length);
				return r;
			}
			default:
				throw new IllegalArgumentException("unknown operation: " + op);
		}
	}

	private static byte[] splice(final byte[] b, final int at, final byte[] ins) {
		final byte[] r = new byte[b.length + ins.length];
		System.arraycopy(b, 0, r, 0, at);
		System.arraycopy(ins, 0, r, at, ins.length);
		System.arraycopy(b, at, r, at + ins.length, b.length - at);
		return r;
	}

	private static byte[] hex(final String s) {
		final byte[] r = new byte[s.length() / 2];
		for (int i = 0; i < r.length; i++)
			r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
		return r;
	}

	/**
	 * {@code depth} nested sequences (private tag 0009,1010, little endian) of undefined length,
	 * each holding one item of undefined length; closed: every item and sequence delimited.
	 */
	static byte[] nest(final int depth, final boolean explicit, final boolean closed) {
		final ByteBuffer open = ByteBuffer.allocate(explicit ? 20 : 16).order(ByteOrder.LITTLE_ENDIAN);
		open.putShort((short) 0x0009).putShort((short) 0x1010);
		if (explicit) open.put((byte) 'S').put((byte) 'Q').putShort((short) 0);
		open.putInt(-1);
		open.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
		final byte[] o = open.array();
		final ByteBuffer close = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		close.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
		close.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
		final byte[] c = close.array();
		final ByteArrayOutputStream out = new ByteArrayOutputStream(depth * (o.length + c.length));
		for (int i = 0; i < depth; i++)
			out.write(o, 0, o.length);
		if (closed) for (int i = 0; i < depth; i++)
			out.write(c, 0, c.length);
		return out.toByteArray();
	}

	private static final Map<Long, byte[]> ZERO_MEMBERS = new ConcurrentHashMap<>();

	static byte[] gzip(final byte[] b, final long extraZeros) {
		if (extraZeros >= 1 << 24) {
			// one gzip member for the data, a cached second member for the zeros
			final byte[] head = gzip(b, 0);
			final byte[] tail = ZERO_MEMBERS.computeIfAbsent(extraZeros, n -> gzipMember(new byte[0], n));
			final byte[] r = Arrays.copyOf(head, head.length + tail.length);
			System.arraycopy(tail, 0, r, head.length, tail.length);
			return r;
		}
		return gzipMember(b, extraZeros);
	}

	private static byte[] gzipMember(final byte[] b, final long extraZeros) {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream(b.length / 2 + 1024);
		try (OutputStream gz = new GZIPOutputStream(bos, 1 << 16)) {
			gz.write(b);
			writeZeros(gz, extraZeros);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		return bos.toByteArray();
	}

	private static final Map<Long, byte[]> ZERO_BLOCKS = new ConcurrentHashMap<>();

	static byte[] deflate(final byte[] b, final long extraZeros) {
		if (extraZeros >= 1 << 24) {
			// the data flushed to a block boundary, then cached final blocks of zeros (raw deflate blocks concatenate)
			final Deflater def = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
			final ByteArrayOutputStream bos = new ByteArrayOutputStream();
			def.setInput(b);
			final byte[] buf = new byte[1 << 16];
			int k;
			while ((k = def.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0)
				bos.write(buf, 0, k);
			def.end();
			final byte[] tail = ZERO_BLOCKS.computeIfAbsent(extraZeros, n -> deflateFinished(new byte[0], n));
			bos.write(tail, 0, tail.length);
			return bos.toByteArray();
		}
		return deflateFinished(b, extraZeros);
	}

	private static byte[] deflateFinished(final byte[] b, final long extraZeros) {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream(b.length / 2 + 1024);
		final Deflater def = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try (DeflaterOutputStream out = new DeflaterOutputStream(bos, def, 1 << 16)) {
			out.write(b);
			writeZeros(out, extraZeros);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		finally {
			def.end();
		}
		return bos.toByteArray();
	}

	private static void writeZeros(final OutputStream out, final long n) throws IOException {
		final byte[] zeros = new byte[1 << 20];
		for (long left = n; left > 0; left -= zeros.length)
			out.write(zeros, 0, (int) Math.min(left, zeros.length));
	}
}
