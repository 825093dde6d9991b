package org.marrowj.io.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.marrowj.io.fuzz.DicomLayout.El;
import org.marrowj.io.fuzz.Seeds.Format;
import org.marrowj.io.fuzz.Seeds.Seed;

/** Draws mutation recipes for a seed from a seeded random generator (the same seed gives the same recipes). */
final class Mutator {

	static final String[] NIFTI_KINDS = { "nii.bitflip", "nii.byteset", "nii.truncate", "nii.dim", "nii.datatype", "nii.bitpix",
		"nii.vox_offset", "nii.scl", "nii.sizeof_hdr", "nii.geometry", "nii.magic", "nii.combo", "nii.gzip-bomb", "nii.gzip-huge-dims",
		"nii.gzip-corrupt" };
	static final String[] DICOM_KINDS = { "dcm.bitflip", "dcm.byteset", "dcm.truncate", "dcm.length", "dcm.image-field", "dcm.value-string",
		"dcm.vr", "dcm.sequence-undefined", "dcm.nest", "dcm.combo", "dcm.deflate-bomb" };

	private static final int[] US_FIELDS = { 0x00280010, 0x00280011, 0x00280100, 0x00280101, 0x00280102, 0x00280103, 0x00280002 };
	private static final int[] STRING_FIELDS = { 0x00280008, 0x00200032, 0x00200037, 0x00280030, 0x00281053, 0x00281052, 0x00180050,
		0x00200013, 0x0020000E };
	private static final int[] US_VALUES = { 0, 1, 2, 7, 8, 12, 15, 16, 17, 31, 32, 33, 64, 255, 256, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF };
	private static final String[] STRING_VALUES = { "0", "-1", "2147483648", "99999999", "1e400", "-1e400", "NaN", "-inf", "Infinity", "",
		"\\\\\\\\\\", "1e-320", "abc", "+", "1\\2", "0\\0\\0\\0\\0\\0", "1\\0\\0\\1\\0\\0", "-0", "65536", "3\\3\\3" };
	private static final String[] VRS = { "SQ", "UN", "OB", "OW", "UT", "US", "UL", "FD", "AT", "XX", "sq", "\0\0", "  " };
	private static final int[] NEST_DEPTHS = { 2, 16, 31, 32, 33, 64, 1000, 20000 };

	private final Random rnd;
	/** Bytes of zeros appended in gzip bombs (the largest one decompresses to this much more than the header announces). */
	private final long maxBombBytes;

	Mutator(final long seed, final long maxBombBytes) {
		this.rnd = new Random(seed);
		this.maxBombBytes = maxBombBytes;
	}

	Recipe next(final Seed seed, final String kind) {
		final Recipe r = new Recipe(seed.name, kind);
		if (seed.format == Format.NIFTI) nifti(r, seed, kind);
		else {
			if (!kind.equals("dcm.deflate-bomb")) dicom(r, seed, kind);
			r.series = seed.neighbours != null && rnd.nextInt(3) == 0;
			if (seed.deflateAt >= 0) r.op("deflate " + seed.deflateAt + " " + (kind.equals("dcm.deflate-bomb") ? bombBytes() : 0));
		}
		return r;
	}

	/** A seed of the format, the large real CT slice drawn a quarter as often as the others. */
	Seed seed(final List<Seed> seeds) {
		while (true) {
			final Seed s = seeds.get(rnd.nextInt(seeds.size()));
			if (!s.name.equals("dcm-ct") || rnd.nextInt(4) == 0) return s;
		}
	}

	/** A mutation kind that applies to the seed. */
	String kind(final Seed s) {
		if (s.format == Format.NIFTI) return NIFTI_KINDS[rnd.nextInt(NIFTI_KINDS.length)];
		return DICOM_KINDS[rnd.nextInt(DICOM_KINDS.length - (s.deflateAt >= 0 ? 0 : 1))];
	}

	private long bombBytes() {
		return rnd.nextInt(4) == 0 ? maxBombBytes : 1 + (long) (rnd.nextDouble() * Math.min(maxBombBytes, 8L << 20));
	}

	// ------------------------------------------------------------------------------------ NIfTI

	private void nifti(final Recipe r, final Seed s, final String kind) {
		final int n = s.bytes.length;
		final String end = "le";
		switch (kind) {
			case "nii.bitflip":
				for (int i = 1 + rnd.nextInt(8); i > 0; i--)
					r.op("flip " + (rnd.nextInt(4) > 0 ? rnd.nextInt(352) : rnd.nextInt(n)) + " " + rnd.nextInt(8));
				break;
			case "nii.byteset":
				for (int i = 1 + rnd.nextInt(12); i > 0; i--)
					r.op("set " + (rnd.nextInt(4) > 0 ? rnd.nextInt(352) : rnd.nextInt(n)) + " " + pickByte());
				break;
			case "nii.truncate":
				r.op("trunc " + (rnd.nextBoolean() ? rnd.nextInt(360) : rnd.nextInt(n)));
				break;
			case "nii.dim":
				for (int i = 1 + rnd.nextInt(3); i > 0; i--)
					r.op("u16 " + (40 + 2 * rnd.nextInt(8)) + " " + pick(0, -1, -32768, 1, 2, 3, 4, 5, 7, 8, 32767, 1 + rnd.nextInt(1000)) + " " + end);
				break;
			case "nii.datatype":
				r.op("u16 70 " + pick(0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2304, -1, rnd.nextInt(65536)) +
					" " + end);
				if (rnd.nextBoolean()) r.op("u16 72 " + pick(0, 1, 8, 16, 32, 64, 128, -8) + " " + end);
				break;
			case "nii.bitpix":
				r.op("u16 72 " + pick(0, 1, 8, 16, 32, 64, 128, -8, 12) + " " + end);
				break;
			case "nii.vox_offset":
				r.op("f32 108 " + pickF(0, 347, 348, 352.5f, n, n + 1, n + 4096, 1e9f, 3e38f, -1, Float.NaN, Float.POSITIVE_INFINITY, 2147483648f,
					9.2e18f, 352 + 4 * rnd.nextInt(1 << 20)) + " " + end);
				break;
			case "nii.scl":
				r.op("f32 " + (112 + 4 * rnd.nextInt(2)) + " " + pickF(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, 1, -1, 1e38f,
					-3.4e38f, 1e-38f, 1.4e-45f) + " " + end);
				if (rnd.nextBoolean()) r.op("f32 116 " + pickF(Float.NaN, 1e38f, -1e38f, 0, 1024) + " " + end);
				break;
			case "nii.sizeof_hdr":
				r.op("u32 0 " + pick(0, 540, 0x5C010000, -1, 347, 349, rnd.nextInt()) + " " + end);
				break;
			case "nii.geometry":
				for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
					final int field = rnd.nextInt(4);
					if (field == 0) r.op("f32 " + (76 + 4 * rnd.nextInt(8)) + " " + pickGeomF() + " " + end);
					else if (field == 1) r.op("f32 " + (256 + 4 * rnd.nextInt(6)) + " " + pickGeomF() + " " + end);
					else if (field == 2) r.op("f32 " + (280 + 4 * rnd.nextInt(12)) + " " + pickGeomF() + " " + end);
					else r.op("u16 " + (252 + 2 * rnd.nextInt(2)) + " " + pick(0, 1, 2, 3, 4, 5, -1, 32767) + " " + end);
				}
				if (rnd.nextInt(4) == 0) r.op("set 123 " + rnd.nextInt(256));
				break;
			case "nii.magic":
				r.op("ascii 344 " + pickS("ni1", "n+2", "000", "N+1", "n+10"));
				break;
			case "nii.combo":
				for (int i = 2 + rnd.nextInt(3); i > 0; i--)
					nifti(r, s, NIFTI_KINDS[3 + rnd.nextInt(8)]);
				break;
			case "nii.gzip-bomb":
				// the header announces the seed's small image (or extensions up to a far vox_offset); the stream decompresses to far more
				if (rnd.nextInt(3) == 0) r.op("f32 108 " + pickF(1e9f, 3e38f, 1.6e10f, n + 4096) + " " + end);
				r.op("gzip " + bombBytes());
				return;
			case "nii.gzip-huge-dims":
				// huge dimensions announced, tiny data
				r.op("u16 42 " + pick(32767, 20000, 4096) + " " + end);
				r.op("u16 44 " + pick(32767, 20000, 4096) + " " + end);
				r.op("u16 46 " + pick(32767, 1000, 2, 1) + " " + end);
				if (rnd.nextBoolean()) r.op("u16 70 " + pick(2, 16, 64) + " " + end);
				r.op("trunc " + (352 + rnd.nextInt(Math.max(1, n - 352))));
				r.op("gzip 0");
				return;
			case "nii.gzip-corrupt": {
				r.op("gzip 0");
				final int gz = Recipe.gzip(s.bytes, 0).length;
				if (rnd.nextBoolean()) r.op("trunc " + rnd.nextInt(gz));
				else for (int i = 1 + rnd.nextInt(4); i > 0; i--)
					r.op("flip " + rnd.nextInt(gz) + " " + rnd.nextInt(8));
				return;
			}
			default:
				throw new IllegalArgumentException(kind);
		}
		if (!kind.equals("nii.combo") && rnd.nextInt(3) == 0 && !r.gzipped()) r.op("gzip 0");
	}

	// ------------------------------------------------------------------------------------ DICOM

	private void dicom(final Recipe r, final Seed s, final String kind) {
		final DicomLayout l = s.layout;
		final int n = s.bytes.length;
		final int headerEnd = l.pixelDataTagOff > 0 ? l.pixelDataTagOff + 12 : n;
		switch (kind) {
			case "dcm.bitflip":
				for (int i = 1 + rnd.nextInt(8); i > 0; i--)
					r.op("flip " + (rnd.nextInt(8) > 0 ? rnd.nextInt(headerEnd) : rnd.nextInt(n)) + " " + rnd.nextInt(8));
				break;
			case "dcm.byteset":
				for (int i = 1 + rnd.nextInt(16); i > 0; i--)
					r.op("set " + (rnd.nextInt(8) > 0 ? 128 + rnd.nextInt(headerEnd - 128) : rnd.nextInt(n)) + " " + pickByte());
				break;
			case "dcm.truncate":
				r.op("trunc " + (rnd.nextInt(4) > 0 ? rnd.nextInt(headerEnd + 16) : rnd.nextInt(n)));
				break;
			case "dcm.length": {
				final El e = l.elements.get(rnd.nextInt(l.elements.size()));
				if (e.lenSize == 2) r.op("u16 " + e.lenOff + " " + pick(0, 1, 0xFFFF, (int) e.len + 1, Math.max(0, (int) e.len - 1), (int) e.len + 2,
					rnd.nextInt(65536)) + " le");
				else r.op("u32 " + e.lenOff + " " + pickL(0, 1, 0xFFFFFFFFL, 0xFFFFFFFEL, 0x7FFFFFFFL, 0x80000000L, e.len + 2, Math.max(0, e.len - 2),
					n, n - e.valOff, n - e.valOff + 1, rnd.nextInt() & 0xFFFFFFFFL) + " le");
				break;
			}
			case "dcm.image-field": {
				final El e = l.find(US_FIELDS[rnd.nextInt(US_FIELDS.length)]);
				if (e != null && e.len == 2) r.op("u16 " + e.valOff + " " + pick(US_VALUES) + " le");
				else dicom(r, s, "dcm.value-string");
				break;
			}
			case "dcm.value-string": {
				final int tag = STRING_FIELDS[rnd.nextInt(STRING_FIELDS.length)];
				El e = l.find(tag);
				if (e == null && tag == 0x00280008) {
					// no NumberOfFrames: turn InstanceNumber into one
					e = l.find(0x00200013);
					if (e == null) break;
					r.op("u16 " + (e.tagOff + 2) + " 8 le");
					r.op("u16 " + e.tagOff + " 40 le");
				}
				if (e == null || e.len == 0xFFFFFFFFL) break;
				final String v = STRING_VALUES[rnd.nextInt(STRING_VALUES.length)];
				final StringBuilder sb = new StringBuilder(v);
				while (sb.length() < e.len)
					sb.append("\\s");
				r.op("ascii " + e.valOff + " " + (v.length() > e.len ? v.substring(0, (int) e.len) : sb.toString()));
				break;
			}
			case "dcm.vr": {
				final List<El> explicit = new ArrayList<>();
				for (final El e : l.elements)
					if (e.vrOff >= 0) explicit.add(e);
				if (explicit.isEmpty()) {
					dicom(r, s, "dcm.length");
					break;
				}
				final El e = explicit.get(rnd.nextInt(explicit.size()));
				final String vr = VRS[rnd.nextInt(VRS.length)];
				r.op("u16 " + e.vrOff + " " + ((vr.charAt(0) & 0xFF) | (vr.charAt(1) & 0xFF) << 8) + " le");
				break;
			}
			case "dcm.sequence-undefined": {
				final List<El> seq = new ArrayList<>();
				for (final El e : l.elements)
					if (e.sequence || e.item) seq.add(e);
				if (seq.isEmpty()) {
					r.op("nest " + (l.pixelDataTagOff > 0 ? l.pixelDataTagOff : n) + " 1 " + (explicitFile(l) ? "explicit" : "implicit") + " open");
					break;
				}
				final El e = seq.get(rnd.nextInt(seq.size()));
				final int variant = rnd.nextInt(3);
				if (variant == 0 || e.tag == 0xFFFEE0DD || e.tag == 0xFFFEE00D) {
					// drop a delimiter: overwrite its tag
					El d = null;
					for (final El x : l.elements)
						if (x.item && x.tag != 0xFFFEE000 && x.tagOff >= e.tagOff) {
							d = x;
							break;
						}
					if (d != null) r.op("u16 " + (d.tagOff + 2) + " " + pick(0xE000, 0x0000, 0x0010) + " le");
					else r.op("u32 " + e.lenOff + " " + 0xFFFFFFFFL + " le");
				}
				else if (variant == 1) r.op("u32 " + e.lenOff + " " + 0xFFFFFFFFL + " le");
				else {
					r.op("u32 " + e.lenOff + " " + 0xFFFFFFFFL + " le");
					r.op("trunc " + (e.valOff + rnd.nextInt(Math.max(1, Math.min(64, n - e.valOff)))));
				}
				break;
			}
			case "dcm.nest": {
				final int depth = pick(NEST_DEPTHS);
				final int at = l.pixelDataTagOff > 0 && rnd.nextBoolean() ? l.pixelDataTagOff : topLevelBoundary(l, n);
				r.op("nest " + at + " " + depth + " " + (explicitFile(l) ? "explicit" : "implicit") + " " + (rnd.nextBoolean() ? "closed" : "open"));
				break;
			}
			case "dcm.combo":
				for (int i = 2 + rnd.nextInt(3); i > 0; i--)
					dicom(r, s, DICOM_KINDS[3 + rnd.nextInt(5)]);
				break;
			default:
				throw new IllegalArgumentException(kind);
		}
	}

	private static boolean explicitFile(final DicomLayout l) {
		for (final El e : l.elements)
			if (e.depth == 0 && !e.item && (e.tag >>> 16) != 0x0002) return e.vrOff >= 0;
		return true;
	}

	private int topLevelBoundary(final DicomLayout l, final int n) {
		final List<El> top = new ArrayList<>();
		for (final El e : l.elements)
			if (e.depth == 0 && !e.item && (e.tag >>> 16) != 0x0002) top.add(e);
		return top.isEmpty() ? n : top.get(rnd.nextInt(top.size())).tagOff;
	}

	// ------------------------------------------------------------------------------------ picks

	private int pick(final int... v) {
		return v[rnd.nextInt(v.length)];
	}

	private long pickL(final long... v) {
		return v[rnd.nextInt(v.length)];
	}

	private float pickF(final float... v) {
		return v[rnd.nextInt(v.length)];
	}

	private String pickS(final String... v) {
		return v[rnd.nextInt(v.length)];
	}

	private float pickGeomF() {
		return pickF(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, -1, 1e30f, -3e38f, 1e-30f, 1.4e-45f, 2, 0.999999f,
			(float) rnd.nextGaussian() * 100);
	}

	private int pickByte() {
		return pick(0, 0xFF, 0x7F, 0x80, rnd.nextInt(256), rnd.nextInt(256));
	}
}
