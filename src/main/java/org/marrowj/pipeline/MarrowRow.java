package org.marrowj.pipeline;

import org.marrowj.marrow.MarrowRegion;
import org.marrowj.marrow.RegionStatistics;

/**
 * One row of {@code marrow_regions.csv}: a region that was measured (its {@link MarrowRegion} and
 * {@link RegionStatistics}, status "ok"), or a region that could not be measured (no mask, no
 * statistics, status = the reason).
 */
public final class MarrowRow {

	/** Status of a measured region. */
	public static final String OK = "ok";

	private final String site, region, side, level, status;
	private final int label;
	private final MarrowRegion mask;
	private final RegionStatistics stats;
	/** PET columns (MarrowTable.PET_COLUMNS, RATE_COLUMNS) -> value, or null when no PET was given. */
	private final java.util.Map<String, Object> pet;

	private MarrowRow(final String site, final String region, final int label, final String side, final String level,
		final MarrowRegion mask, final RegionStatistics stats, final String status)
	{
		this(site, region, label, side, level, mask, stats, status, null);
	}

	private MarrowRow(final String site, final String region, final int label, final String side, final String level,
		final MarrowRegion mask, final RegionStatistics stats, final String status, final java.util.Map<String, Object> pet)
	{
		this.pet = pet == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pet));
		this.site = site;
		this.region = region;
		this.label = label;
		this.side = side == null ? "" : side;
		this.level = level == null ? "" : level;
		this.mask = mask;
		this.stats = stats;
		this.status = status;
	}

	/** A measured region. */
	public static MarrowRow measured(final MarrowRegion r, final RegionStatistics s) {
		return new MarrowRow(r.site().key(), r.name(), r.labelId(), r.side(), r.level(), r, s, OK);
	}

	/** A region that could not be measured, with the reason (never "ok" or empty). */
	public static MarrowRow failed(final MarrowRegion.Site site, final String region, final int label, final String side,
		final String level, final String reason)
	{
		if (reason == null || reason.trim().isEmpty() || OK.equals(reason)) throw new IllegalArgumentException("a failed row needs a reason");
		return new MarrowRow(site.key(), region, label, side, level, null, null, reason.trim().replaceAll("\\s*[\\r\\n]+\\s*", "; "));
	}

	public String site() {
		return site;
	}

	public String region() {
		return region;
	}

	/** Label id of the source label map, 0 when none. */
	public int label() {
		return label;
	}

	public String side() {
		return side;
	}

	public String level() {
		return level;
	}

	/** "ok", "check: ..." (measured, with a caution) or the reason the region was not measured. */
	public String status() {
		return status;
	}

	/** True when the region was measured (status "ok" or "check: ..."). */
	public boolean ok() {
		return stats != null;
	}

	/** This measured row with status "check: " + {@code caution} (measured, but look at the QC image); itself when caution is null. */
	public MarrowRow withCheck(final String caution) {
		if (caution == null || stats == null) return this;
		return new MarrowRow(site, region, label, side, level, mask, stats, "check: " + caution, pet);
	}

	/** This row with PET values (column name -> value; see {@link MarrowTable#PET_COLUMNS}). */
	public MarrowRow withPet(final java.util.Map<String, Object> values) {
		return new MarrowRow(site, region, label, side, level, mask, stats, status, values);
	}

	/** The PET values, or null when no PET was measured. */
	public java.util.Map<String, Object> pet() {
		return pet;
	}

	/** The region's voxels, or null when it was not measured. */
	public MarrowRegion mask() {
		return mask;
	}

	/** Its statistics, or null when it was not measured. */
	public RegionStatistics stats() {
		return stats;
	}

	@Override
	public String toString() {
		return site + " " + region + (level.isEmpty() ? "" : " " + level) + (side.isEmpty() ? "" : " " + side) + ": " +
			(stats == null ? status : stats.toString());
	}
}
