package org.marrowj.pet;

import org.marrowj.BadInputException;

/**
 * What the activity is normalised to (parameter {@code suv_type}). SUVx = C[Bq/mL] x N / D(t), with
 * D(t) the injected dose decayed to the scan start and N:
 * <ul>
 * <li>{@code bw}: body weight in g;</li>
 * <li>{@code lbm_james}: lean body mass (James 1976) in g, the classic SUL;</li>
 * <li>{@code lbm_janma}: lean body mass (Janmahasatian et al. 2005) in g, the SUL recommended by
 * PERCIST;</li>
 * <li>{@code bsa}: body surface area (DuBois and DuBois 1916) in cm^2 (SUVbsa in cm^2/mL);</li>
 * <li>{@code ibw}: ideal body weight (Devine 1974) in g.</li>
 * </ul>
 * The formulas are in {@link Suv}.
 */
public enum SuvType {
	BW("bw"), LBM_JAMES("lbm_james"), LBM_JANMA("lbm_janma"), BSA("bsa"), IBW("ibw");

	private final String key;

	SuvType(final String key) {
		this.key = key;
	}

	/** The parameter value: bw, lbm_james, lbm_janma, bsa or ibw. */
	public String key() {
		return key;
	}

	/** True for the types whose formula differs between men and women. */
	public boolean needsSex() {
		return this == LBM_JAMES || this == LBM_JANMA || this == IBW;
	}

	/** Unit of the SUV this type gives: g/mL, or cm2/mL for bsa. */
	public String suvUnit() {
		return this == BSA ? "cm2/mL" : "g/mL";
	}

	/** The type named by a {@code suv_type} parameter value (case-insensitive). */
	public static SuvType parse(final String suvType) {
		final String s = DicomDateTimes.clean(suvType);
		if (s == null) return BW;
		for (final SuvType t : values())
			if (t.key.equalsIgnoreCase(s)) return t;
		throw new BadInputException("suv_type", "'" + suvType + "' is not one of bw, lbm_james, lbm_janma, bsa, ibw");
	}

	@Override
	public String toString() {
		return key;
	}
}
