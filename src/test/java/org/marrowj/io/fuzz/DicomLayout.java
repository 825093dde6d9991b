package org.marrowj.io.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the data elements, items and delimiters of a valid little-endian DICOM file lie, found by a
 * plain walk over its bytes, so that mutations can aim at length fields, VRs and values.
 */
final class DicomLayout {

	/** One element or item header. */
	static final class El {
		int tagOff;
		int tag;
		String vr; // null for implicit VR and for items
		int vrOff = -1;
		int lenOff;
		int lenSize;
		long len;
		int valOff;
		boolean item; // FFFE group: item, item or sequence delimitation
		boolean sequence;
		int depth;
	}

	private static final Set<String> LONG_VRS = new HashSet<>(Arrays.asList("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
		"UR", "UT", "UV"));

	final List<El> elements = new ArrayList<>();
	int pixelDataTagOff = -1;
	int size;

	static DicomLayout of(final byte[] b) {
		final DicomLayout l = new DicomLayout();
		l.size = b.length;
		int p = 0;
		if (b.length > 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') p = 132;
		// meta group: explicit VR little endian
		boolean implicit = false;
		while (p + 8 <= b.length && u16(b, p) == 0x0002) {
			final El e = l.header(b, p, true, 0);
			if (e.tag == 0x00020010) {
				final String ts = new String(b, e.valOff, (int) e.len, StandardCharsets.ISO_8859_1).trim().replace("\0", "");
				implicit = ts.equals("1.2.840.10008.1.2");
			}
			p = e.valOff + (int) e.len;
		}
		if (p == 0) implicit = !(Character.isUpperCase(b[4]) && Character.isUpperCase(b[5]));
		l.walk(b, p, b.length, !implicit, 0);
		return l;
	}

	private El header(final byte[] b, final int p, final boolean explicit, final int depth) {
		final El e = new El();
		e.tagOff = p;
		e.tag = u16(b, p) << 16 | u16(b, p + 2);
		e.depth = depth;
		if (u16(b, p) == 0xFFFE) {
			e.item = true;
			e.lenOff = p + 4;
			e.lenSize = 4;
		}
		else if (explicit) {
			e.vr = new String(b, p + 4, 2, StandardCharsets.ISO_8859_1);
			e.vrOff = p + 4;
			if (LONG_VRS.contains(e.vr)) {
				e.lenOff = p + 8;
				e.lenSize = 4;
			}
			else {
				e.lenOff = p + 6;
				e.lenSize = 2;
			}
		}
		else {
			e.lenOff = p + 4;
			e.lenSize = 4;
		}
		e.len = e.lenSize == 2 ? u16(b, e.lenOff) : u32(b, e.lenOff);
		e.valOff = e.lenOff + e.lenSize;
		elements.add(e);
		return e;
	}

	/** Walks elements from {@code p} to {@code end} or to an item delimitation; returns the position after. */
	private int walk(final byte[] b, int p, final int end, final boolean explicit, final int depth) {
		while (p + 8 <= end) {
			final El e = header(b, p, explicit, depth);
			if (e.item) return e.valOff; // item delimitation
			if (e.tag == 0x7FE00010 && depth == 0) {
				pixelDataTagOff = p;
				return b.length;
			}
			final boolean undefined = e.len == 0xFFFFFFFFL;
			final boolean sq = "SQ".equals(e.vr) || e.vr == null && (undefined || e.len >= 8 && u16(b, e.valOff) == 0xFFFE &&
				u16(b, e.valOff + 2) == 0xE000);
			if (sq) {
				e.sequence = true;
				p = items(b, e.valOff, undefined ? end : e.valOff + (int) e.len, explicit && "SQ".equals(e.vr), depth + 1);
				if (!undefined) p = e.valOff + (int) e.len;
			}
			else p = e.valOff + (int) e.len;
		}
		return p;
	}

	private int items(final byte[] b, int p, final int end, final boolean explicit, final int depth) {
		while (p + 8 <= end) {
			final El it = header(b, p, explicit, depth);
			if (it.tag == 0xFFFEE0DD) return it.valOff;
			if (it.len == 0xFFFFFFFFL) p = walk(b, it.valOff, end, explicit, depth);
			else {
				walk(b, it.valOff, it.valOff + (int) it.len, explicit, depth);
				p = it.valOff + (int) it.len;
			}
		}
		return p;
	}

	/** The first element with this tag, or null. */
	El find(final int tag) {
		for (final El e : elements)
			if (e.tag == tag) return e;
		return null;
	}

	static int u16(final byte[] b, final int p) {
		return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
	}

	static long u32(final byte[] b, final int p) {
		return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
	}
}
