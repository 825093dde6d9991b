package org.marrowj.io;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A small CSV table with a fixed header, written deterministically (RFC 4180 quoting, '\n' line
 * ends, numbers in a locale-independent form) and atomically. Missing values are empty cells,
 * never "NaN": a caller that has no value writes its reason in a column meant for it.
 */
public final class Csv {

	private final List<String> header;
	private final List<List<String>> rows = new ArrayList<>();

	public Csv(final List<String> header) {
		this.header = Collections.unmodifiableList(new ArrayList<>(header));
	}

	public Csv(final String... header) {
		this(Arrays.asList(header));
	}

	public List<String> header() {
		return header;
	}

	public List<List<String>> rows() {
		return Collections.unmodifiableList(rows);
	}

	/** Adds a row from column name -> value (String, Number, null); unknown columns are an error. */
	public void add(final Map<String, ?> row) {
		for (final String k : row.keySet())
			if (!header.contains(k)) throw new IllegalArgumentException("no column '" + k + "' in " + header);
		final List<String> r = new ArrayList<>(header.size());
		for (final String h : header)
			r.add(format(row.get(h)));
		rows.add(r);
	}

	/** Adds a row of cells in header order. */
	public void addCells(final List<?> cells) {
		if (cells.size() != header.size())
			throw new IllegalArgumentException("row has " + cells.size() + " cells, header has " + header.size());
		final List<String> r = new ArrayList<>(cells.size());
		for (final Object c : cells)
			r.add(format(c));
		rows.add(r);
	}

	/**
	 * Formats a cell: null and non-finite numbers become empty; integers as integers; other doubles
	 * with at most 6 significant decimals after rounding half-even to 10 significant digits, without
	 * trailing zeros or exponent.
	 */
	public static String format(final Object v) {
		if (v == null) return "";
		if (v instanceof Double || v instanceof Float) {
			final double d = ((Number) v).doubleValue();
			if (!Double.isFinite(d)) return "";
			return formatDouble(d);
		}
		return v.toString();
	}

	/** Deterministic decimal text of a finite double: 10 significant digits, plain notation, no trailing zeros. */
	public static String formatDouble(final double d) {
		if (d == 0) return "0";
		BigDecimal b = new BigDecimal(d).round(new java.math.MathContext(10, java.math.RoundingMode.HALF_EVEN));
		b = b.stripTrailingZeros();
		String s = b.toPlainString();
		if (s.equals("-0")) s = "0";
		return s;
	}

	static String quote(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	public String toText() {
		final StringBuilder sb = new StringBuilder();
		appendLine(sb, header);
		for (final List<String> r : rows)
			appendLine(sb, r);
		return sb.toString();
	}

	private static void appendLine(final StringBuilder sb, final List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) sb.append(',');
			sb.append(quote(cells.get(i)));
		}
		sb.append('\n');
	}

	/** Writes the table atomically. */
	public void write(final File file) throws IOException {
		AtomicFiles.writeText(file, toText());
	}

	/** Reads a CSV file written by this class or any RFC 4180 writer: the header and rows of cells. */
	public static Csv read(final File file) throws IOException {
		final String text = new String(java.nio.file.Files.readAllBytes(file.toPath()), java.nio.charset.StandardCharsets.UTF_8);
		final List<List<String>> lines = parse(text);
		if (lines.isEmpty()) throw new org.marrowj.BadInputException(file, "empty CSV file (no header)");
		final Csv csv = new Csv(lines.get(0));
		for (int i = 1; i < lines.size(); i++) {
			final List<String> r = lines.get(i);
			if (r.size() == 1 && r.get(0).isEmpty()) continue;
			if (r.size() != csv.header.size()) throw new org.marrowj.BadInputException(file, "line " + (i + 1) + " has " +
				r.size() + " cells but the header has " + csv.header.size());
			csv.rows.add(r);
		}
		return csv;
	}

	static List<List<String>> parse(final String text) {
		final List<List<String>> out = new ArrayList<>();
		List<String> row = new ArrayList<>();
		final StringBuilder cell = new StringBuilder();
		boolean inQuotes = false;
		int i = 0;
		if (text.startsWith("\uFEFF")) i = 1;
		for (; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (inQuotes) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						cell.append('"');
						i++;
					}
					else inQuotes = false;
				}
				else cell.append(c);
			}
			else if (c == '"') inQuotes = true;
			else if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
				row.add(cell.toString());
				cell.setLength(0);
				out.add(row);
				row = new ArrayList<>();
			}
			else cell.append(c);
		}
		if (cell.length() > 0 || !row.isEmpty()) {
			row.add(cell.toString());
			out.add(row);
		}
		return out;
	}
}
