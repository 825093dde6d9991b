package org.marrowj.pet;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SUV factor and how it was obtained. SUV = (stored pixel x RescaleSlope + RescaleIntercept) x
 * {@link #suvFactor()}: the factor multiplies the rescaled pixel value in the header's Units (Bq/mL
 * for BQML) and does not contain the per-slice RescaleSlope. Built by {@link Suv}.
 */
public final class SuvResult {

	private final double suvFactor;
	private final SuvType suvType;
	private final String units;
	private final String method;
	private final LocalDateTime scanStart, injection;
	private final Double dtS, decayFactor, decayedDoseBq;
	private final String normaliserName;
	private final Double normaliserValue;
	private final List<String> rules, notes;
	private final Map<String, Object> inputs;

	SuvResult(final double suvFactor, final SuvType suvType, final String units, final String method,
		final LocalDateTime scanStart, final LocalDateTime injection, final Double dtS, final Double decayFactor,
		final Double decayedDoseBq, final String normaliserName, final Double normaliserValue, final List<String> rules,
		final List<String> notes, final Map<String, Object> inputs)
	{
		this.suvFactor = suvFactor;
		this.suvType = suvType;
		this.units = units;
		this.method = method;
		this.scanStart = scanStart;
		this.injection = injection;
		this.dtS = dtS;
		this.decayFactor = decayFactor;
		this.decayedDoseBq = decayedDoseBq;
		this.normaliserName = normaliserName;
		this.normaliserValue = normaliserValue;
		this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
		this.notes = Collections.unmodifiableList(new ArrayList<>(notes));
		this.inputs = Collections.unmodifiableMap(inputs);
	}

	/** Multiply the rescaled pixel value (in {@link #units()}) by this to get SUV in {@link #suvUnit()}. */
	public double suvFactor() {
		return suvFactor;
	}

	public SuvType suvType() {
		return suvType;
	}

	/** g/mL, or cm2/mL for bsa. */
	public String suvUnit() {
		return suvType.suvUnit();
	}

	/** The header Units (0054,1001) the factor applies to: BQML, CNTS or GML. */
	public String units() {
		return units;
	}

	/** Which route gave the factor, in words. */
	public String method() {
		return method;
	}

	/** Scan start used for decay, or null when it was neither needed nor determinable. */
	public LocalDateTime scanStart() {
		return scanStart;
	}

	/** Injection date-time used for decay, or null when it was neither needed nor determinable. */
	public LocalDateTime injection() {
		return injection;
	}

	/** Decay time in s (0 for DecayCorrection ADMIN), or null when no decay was applied. */
	public Double dtS() {
		return dtS;
	}

	/** 2^(-dt/T_half), or null when no decay was applied. */
	public Double decayFactor() {
		return decayFactor;
	}

	/** Injected dose decayed to the reference time, Bq, or null when the dose was not used. */
	public Double decayedDoseBq() {
		return decayedDoseBq;
	}

	/** Name of the normaliser with its unit (weight_g, lbm_g, bsa_cm2, ibw_g). */
	public String normaliserName() {
		return normaliserName;
	}

	/** Value of the normaliser, or null when not needed (SUVbw from a factor stored in the header). */
	public Double normaliserValue() {
		return normaliserValue;
	}

	/** The rules that applied, in order, in words. */
	public List<String> rules() {
		return rules;
	}

	/** Warnings and remarks. */
	public List<String> notes() {
		return notes;
	}

	/** The inputs with their sources, as {@link SuvInputs#toMap()}. */
	public Map<String, Object> inputs() {
		return inputs;
	}

	/** Everything above with snake_case keys, for JSON and provenance. */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("suv_factor", suvFactor);
		m.put("suv_type", suvType.key());
		m.put("suv_unit", suvUnit());
		m.put("units", units);
		m.put("factor_applies_to", "stored pixel x RescaleSlope + RescaleIntercept (Units " + units + ")");
		m.put("method", method);
		m.put("scan_start", SuvInputs.plain(scanStart));
		m.put("injection", SuvInputs.plain(injection));
		m.put("dt_s", dtS);
		m.put("decay_factor", decayFactor);
		m.put("decayed_dose_bq", decayedDoseBq);
		m.put("normaliser", normaliserName);
		m.put("normaliser_value", normaliserValue);
		m.put("rules", new ArrayList<>(rules));
		m.put("notes", new ArrayList<>(notes));
		m.put("inputs", inputs);
		return m;
	}

	@Override
	public String toString() {
		return "SUV" + suvType.key() + " factor " + suvFactor + " (" + method + ")";
	}
}
