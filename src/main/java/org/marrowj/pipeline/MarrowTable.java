package org.marrowj.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.io.Csv;
import org.marrowj.marrow.RegionStatistics;

/**
 * The table {@code marrow_regions.csv}: one row per region, columns {@link #COLUMNS} in this order:
 * <ul>
 * <li>subject; site ({@code femoral_shaft}, {@code vertebral_body} or {@code label}); region (its
 * name: {@code femoral_shaft_left}, {@code T12}, a label name); label (the id in the source label
 * map, empty when none); side ({@code left}, {@code right} (the patient's) or empty); level
 * (vertebral level such as {@code T12}, {@code L1}, or empty);</li>
 * <li>voxels, volume_ml = voxels x voxel volume (mm^3) / 1000, hu_mean, hu_sd (sample standard
 * deviation), hu_median, hu_p05, hu_p95 (percentiles, R type 7): see
 * {@link org.marrowj.marrow.RegionStats};</li>
 * <li>only when a PET was given ({@link #PET_COLUMNS}, before status): tracer, suv_type, suv_mean, suv_sd,
 * suv_max, suv_peak (SUV of the region on the CT grid, {@link PetAnalysis}), and only when an input
 * function was given ({@link #RATE_COLUMNS}): fur_per_min, uptake_umol_100g_min;</li>
 * <li>status: {@code ok}, or the reason the region could not be measured (then every number of the
 * row is empty). This last column is an addition to the columns the design lists, so that a row of a
 * combined cohort table says why it has no numbers.</li>
 * </ul>
 * Rows are sorted by site (femoral_shaft, vertebral_body, label), then vertebral level in anatomical
 * order (C1..C7, T1..T12, L1..L6, S1; no level last), then side (left, right, none), then label id,
 * then region name.
 */
public final class MarrowTable {

	private MarrowTable() {}

	public static final List<String> COLUMNS = Collections.unmodifiableList(Arrays.asList("subject", "site", "region", "label",
		"side", "level", "voxels", "volume_ml", "hu_mean", "hu_sd", "hu_median", "hu_p05", "hu_p95", "status"));

	/** Columns added (before status) when a PET is given. */
	public static final List<String> PET_COLUMNS = Collections.unmodifiableList(Arrays.asList("tracer", "suv_type", "suv_mean",
		"suv_sd", "suv_max", "suv_peak"));

	/** Columns added after {@link #PET_COLUMNS} when an input function is given. */
	public static final List<String> RATE_COLUMNS = Collections.unmodifiableList(Arrays.asList("fur_per_min",
		"uptake_umol_100g_min"));

	/** The columns of a table of these rows: {@link #COLUMNS}, with the PET (and rate) columns before status when a row has them. */
	public static List<String> columns(final List<MarrowRow> rows) {
		boolean pet = false, rate = false;
		for (final MarrowRow r : rows)
			if (r.pet() != null) {
				pet = true;
				rate |= r.pet().containsKey(RATE_COLUMNS.get(0));
			}
		if (!pet) return COLUMNS;
		final List<String> c = new ArrayList<>(COLUMNS.subList(0, COLUMNS.size() - 1));
		c.addAll(PET_COLUMNS);
		if (rate) c.addAll(RATE_COLUMNS);
		c.add(COLUMNS.get(COLUMNS.size() - 1));
		return Collections.unmodifiableList(c);
	}

	private static final List<String> SITES = Arrays.asList("femoral_shaft", "vertebral_body", "label");
	private static final List<String> SIDES = Arrays.asList("left", "right", "");

	/** Anatomical rank of a level: C1..C7 = 1..7, T1..T12 = 8..19, L1..L6 = 20..25, S1 = 26; no level = 100. */
	public static int levelRank(final String level) {
		if (level == null || level.length() < 2) return 100;
		final int n;
		try {
			n = Integer.parseInt(level.substring(1));
		}
		catch (final NumberFormatException e) {
			return 100;
		}
		switch (level.charAt(0)) {
			case 'C':
				return n;
			case 'T':
				return 7 + n;
			case 'L':
				return 19 + n;
			case 'S':
				return 25 + n;
			default:
				return 100;
		}
	}

	/** The row order described in the class comment. */
	public static final Comparator<MarrowRow> ORDER = Comparator.<MarrowRow> comparingInt(r -> rank(SITES, r.site()))
		.thenComparingInt(r -> levelRank(r.level())).thenComparingInt(r -> rank(SIDES, r.side()))
		.thenComparingInt(MarrowRow::label).thenComparing(MarrowRow::region);

	private static int rank(final List<String> order, final String v) {
		final int i = order.indexOf(v);
		return i < 0 ? order.size() : i;
	}

	/** The rows sorted (a new list). */
	public static List<MarrowRow> sorted(final List<MarrowRow> rows) {
		final List<MarrowRow> s = new ArrayList<>(rows);
		s.sort(ORDER);
		return s;
	}

	/** Column name -> value of one row (numbers as numbers, missing ones null). */
	public static Map<String, Object> values(final String subject, final MarrowRow r) {
		final Map<String, Object> m = new LinkedHashMap<>();
		final RegionStatistics s = r.stats();
		m.put("subject", subject);
		m.put("site", r.site());
		m.put("region", r.region());
		m.put("label", r.label() == 0 ? null : r.label());
		m.put("side", r.side());
		m.put("level", r.level());
		m.put("voxels", s == null ? null : s.voxels());
		m.put("volume_ml", s == null ? null : s.volume_ml());
		m.put("hu_mean", s == null ? null : s.hu_mean());
		m.put("hu_sd", s == null ? null : s.hu_sd());
		m.put("hu_median", s == null ? null : s.hu_median());
		m.put("hu_p05", s == null ? null : s.hu_p05());
		m.put("hu_p95", s == null ? null : s.hu_p95());
		if (r.pet() != null) m.putAll(r.pet());
		m.put("status", r.status());
		return m;
	}

	/** The table of the rows (sorted as described). */
	public static Csv csv(final String subject, final List<MarrowRow> rows) {
		final Csv csv = new Csv(columns(rows));
		for (final MarrowRow r : sorted(rows))
			csv.add(values(subject, r));
		return csv;
	}

	/** The rows as JSON-ready maps (non-finite numbers left out, as the CSV leaves them empty). */
	public static List<Map<String, Object>> jsonRows(final String subject, final List<MarrowRow> rows) {
		final List<Map<String, Object>> out = new ArrayList<>();
		for (final MarrowRow r : sorted(rows)) {
			final Map<String, Object> m = values(subject, r);
			m.values().removeIf(v -> v == null || v instanceof Double && !Double.isFinite((Double) v));
			out.add(m);
		}
		return out;
	}
}
