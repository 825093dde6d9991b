package org.marrowj.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.marrowj.BadInputException;

/**
 * One DICOM data set (a file's top level or one item of a sequence): its elements by int tag
 * {@code (group << 16) | element}, e.g. {@code 0x00280030} for PixelSpacing. Values are decoded on
 * request: text (DS, IS, CS, ...) and binary numbers (US, SS, UL, SL, FL, FD) alike.
 */
public class DicomDataset {

	/** One element: tag, value representation, raw value bytes (null when too large to keep) or sequence items. */
	static final class Element {

		final int tag;
		final String vr;
		final long length;
		final byte[] value;
		final List<DicomDataset> items;

		Element(final int tag, final String vr, final long length, final byte[] value, final List<DicomDataset> items) {
			this.tag = tag;
			this.vr = vr;
			this.length = length;
			this.value = value;
			this.items = items;
		}
	}

	final String source;
	final boolean bigEndian;
	final Map<Integer, Element> elements = new LinkedHashMap<>();
	Charset charset = StandardCharsets.ISO_8859_1;

	DicomDataset(final String source, final boolean bigEndian) {
		this.source = source;
		this.bigEndian = bigEndian;
	}

	/** The file this data set was read from. */
	public String source() {
		return source;
	}

	public boolean contains(final int tag) {
		return elements.containsKey(tag);
	}

	/** Tags present, in file order. */
	public Set<Integer> tags() {
		return Collections.unmodifiableSet(elements.keySet());
	}

	/** The value representation ("UN" for unknown tags of Implicit VR data sets), or null when absent. */
	public String vr(final int tag) {
		final Element e = elements.get(tag);
		return e == null ? null : e.vr;
	}

	/** A copy of the raw value bytes, or null when absent (or a sequence). */
	public byte[] bytes(final int tag) {
		final Element e = elements.get(tag);
		return e == null || e.value == null ? null : e.value.clone();
	}

	/**
	 * The value as text: strings trimmed of padding (spaces, NULs), several values joined by
	 * {@code \}; binary numbers formatted in decimal and joined by {@code \}. Null when absent.
	 */
	public String getString(final int tag) {
		final Element e = elements.get(tag);
		if (e == null || e.value == null) return null;
		return decode(e);
	}

	public String getString(final int tag, final String dflt) {
		final String s = getString(tag);
		return s == null || s.isEmpty() ? dflt : s;
	}

	/**
	 * All numeric values (DS/IS text split at {@code \}, or binary numbers); null when absent or empty.
	 *
	 * @throws BadInputException when the value is not a number
	 */
	public double[] getDoubles(final int tag) {
		final Element e = elements.get(tag);
		if (e == null || e.value == null) return null;
		final double[] bin = binary(e);
		if (bin != null) return bin.length == 0 ? null : bin;
		final String s = decode(e);
		if (s.isEmpty()) return null;
		final String[] parts = s.split("\\\\", -1);
		final double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			final String p = parts[i].trim();
			try {
				v[i] = Double.parseDouble(p);
			}
			catch (final NumberFormatException ex) {
				throw new BadInputException(source, DicomTag.describe(tag) + " is not a number: '" + s + "'");
			}
			if (!Double.isFinite(v[i]))
				throw new BadInputException(source, DicomTag.describe(tag) + " is not a finite number: '" + s + "'");
		}
		return v;
	}

	/** The first numeric value, or {@code dflt} when absent or empty. */
	public double getDouble(final int tag, final double dflt) {
		final double[] v = getDoubles(tag);
		return v == null ? dflt : v[0];
	}

	/** The first numeric value, or null when absent or empty. */
	public Double getDoubleOrNull(final int tag) {
		final double[] v = getDoubles(tag);
		return v == null ? null : v[0];
	}

	/**
	 * The first value as an int, or {@code dflt} when absent or empty.
	 *
	 * @throws BadInputException when it is not an integer
	 */
	public int getInt(final int tag, final int dflt) {
		final double[] v = getDoubles(tag);
		if (v == null) return dflt;
		final double d = v[0];
		if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE)
			throw new BadInputException(source, DicomTag.describe(tag) + " is not an integer: " + getString(tag));
		return (int) d;
	}

	/** The items of a sequence (each a data set), or an empty list when absent. */
	public List<DicomDataset> getSequence(final int tag) {
		final Element e = elements.get(tag);
		return e == null || e.items == null ? Collections.emptyList() : Collections.unmodifiableList(e.items);
	}

	/** Item {@code index} of sequence {@code tag}, or null. */
	public DicomDataset getItem(final int tag, final int index) {
		final List<DicomDataset> items = getSequence(tag);
		return index >= 0 && index < items.size() ? items.get(index) : null;
	}

	/** This data set or the first nested item (depth first, file order) that holds {@code tag}, or null. */
	public DicomDataset findContaining(final int tag) {
		if (elements.containsKey(tag)) return this;
		for (final Element e : elements.values())
			if (e.items != null) for (final DicomDataset item : e.items) {
				final DicomDataset d = item.findContaining(tag);
				if (d != null) return d;
			}
		return null;
	}

	/**
	 * The tag of private element {@code elementOffset} (0x00..0xFF) in the block that {@code creator}
	 * reserved in {@code group} (looked up in (gggg,0010)..(gggg,00FF)); {@code fallback} when that
	 * creator is absent.
	 */
	public int privateTag(final int group, final String creator, final int elementOffset, final int fallback) {
		for (int b = 0x10; b <= 0xFF; b++) {
			final String c = getString((group << 16) | b);
			if (c != null && c.trim().equalsIgnoreCase(creator)) return (group << 16) | (b << 8) | (elementOffset & 0xFF);
		}
		return fallback;
	}

	private double[] binary(final Element e) {
		final int size;
		switch (e.vr) {
		case "US": case "SS": size = 2; break;
		case "UL": case "SL": case "FL": size = 4; break;
		case "FD": size = 8; break;
		default: return null;
		}
		final byte[] b = e.value;
		final int n = b.length / size;
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			final int o = i * size;
			switch (e.vr) {
			case "US": v[i] = u16(b, o); break;
			case "SS": v[i] = (short) u16(b, o); break;
			case "UL": v[i] = s32(b, o) & 0xFFFFFFFFL; break;
			case "SL": v[i] = s32(b, o); break;
			case "FL": v[i] = Float.intBitsToFloat(s32(b, o)); break;
			default: v[i] = Double.longBitsToDouble(bigEndian ? ((long) s32(b, o) << 32) | (s32(b, o + 4) & 0xFFFFFFFFL)
				: ((long) s32(b, o + 4) << 32) | (s32(b, o) & 0xFFFFFFFFL));
			}
		}
		return v;
	}

	private int u16(final byte[] b, final int o) {
		return bigEndian ? ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF) : (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8);
	}

	private int s32(final byte[] b, final int o) {
		return bigEndian ? ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF)
			: (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 3] & 0xFF) << 24);
	}

	private String decode(final Element e) {
		final double[] bin = binary(e);
		if (bin != null) {
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < bin.length; i++) {
				if (i > 0) sb.append('\\');
				final double d = bin[i];
				sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
			}
			return sb.toString();
		}
		if ("AT".equals(e.vr)) {
			final StringBuilder sb = new StringBuilder();
			for (int o = 0; o + 4 <= e.value.length; o += 4) {
				if (o > 0) sb.append('\\');
				sb.append(DicomTag.toString((u16(e.value, o) << 16) | u16(e.value, o + 2)));
			}
			return sb.toString();
		}
		final String s = new String(e.value, "UI".equals(e.vr) ? StandardCharsets.ISO_8859_1 : charset);
		int a = 0, z = s.length();
		while (z > a && (s.charAt(z - 1) == ' ' || s.charAt(z - 1) == 0)) z--;
		while (a < z && (s.charAt(a) == ' ' || s.charAt(a) == 0)) a++;
		return s.substring(a, z);
	}

	/** A readable listing of all elements (nested items indented), for inspection. */
	public String dump() {
		final StringBuilder sb = new StringBuilder();
		dump(sb, "");
		return sb.toString();
	}

	private void dump(final StringBuilder sb, final String indent) {
		for (final Element e : elements.values()) {
			sb.append(indent).append(DicomTag.describe(e.tag)).append(' ').append(e.vr).append(" #").append(e.length);
			if (e.items != null) {
				sb.append(" items=").append(e.items.size()).append('\n');
				for (int i = 0; i < e.items.size(); i++) {
					sb.append(indent).append("  item ").append(i).append('\n');
					e.items.get(i).dump(sb, indent + "    ");
				}
				continue;
			}
			if (e.value == null) sb.append(" (not kept)");
			else if (isBulk(e)) sb.append(" [").append(e.value.length).append(" bytes]");
			else {
				String v = decode(e);
				if (v.length() > 120) v = v.substring(0, 120) + "...";
				sb.append(" [").append(v.replaceAll("[^\\x20-\\x7E]", ".")).append(']');
			}
			sb.append('\n');
		}
	}

	private static boolean isBulk(final Element e) {
		final String vr = e.vr.toUpperCase(Locale.ROOT);
		return (vr.startsWith("O") || vr.equals("UN")) && e.value.length > 64;
	}

	List<Element> elementList() {
		return new ArrayList<>(elements.values());
	}
}
