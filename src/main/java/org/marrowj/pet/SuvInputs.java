package org.marrowj.pet;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.marrowj.BadInputException;

/**
 * The raw values SUV needs, each absent (null) or present with its source: {@value #HEADER} (read
 * from the PET header) or {@value #PARAMETER} (an override given by the user, which replaces the
 * header value; the replaced header value is kept for provenance).
 * <p>
 * Independent of how the header was read: fill it with {@link #header(Key, Object)} (a DICOM
 * string, parsed here, or an already typed value), {@link #addAcquisition(String, String)} once
 * per slice or instance (the earliest acquisition date-time is kept), or all at once with
 * {@link #fromHeader(Map)}; then {@link #applyOverrides(Map)} with the user's parameters
 * ({@code dose_mbq, weight_kg, height_cm, sex, injection_time, scan_time, half_life_s}).
 * Values are stored in the units of their key names (Bq, s, kg, m).
 */
public final class SuvInputs {

	public static final String HEADER = "header";
	public static final String PARAMETER = "parameter";
	/** Source reported for a value that is neither in the header nor given. */
	public static final String ABSENT = "absent";

	/** The inputs: snake_case key, DICOM keyword, tag, the override parameter (or null), value type. */
	public enum Key {
		UNITS("units", "Units", "0054,1001", null, String.class),
		DECAY_CORRECTION("decay_correction", "DecayCorrection", "0054,1102", null, String.class),
		SERIES_DATE("series_date", "SeriesDate", "0008,0021", "scan_time", LocalDate.class),
		SERIES_TIME("series_time", "SeriesTime", "0008,0031", "scan_time", LocalTime.class),
		EARLIEST_ACQUISITION("earliest_acquisition_date_time", "AcquisitionDate/AcquisitionTime (earliest)",
			"0008,0022/0008,0032", "scan_time", LocalDateTime.class),
		RADIOPHARMACEUTICAL_START_DATE_TIME("radiopharmaceutical_start_date_time", "RadiopharmaceuticalStartDateTime",
			"0018,1078", "injection_time", LocalDateTime.class),
		RADIOPHARMACEUTICAL_START_TIME("radiopharmaceutical_start_time", "RadiopharmaceuticalStartTime", "0018,1072",
			"injection_time", LocalTime.class),
		TOTAL_DOSE_BQ("radionuclide_total_dose_bq", "RadionuclideTotalDose", "0018,1074", "dose_mbq", Double.class),
		HALF_LIFE_S("radionuclide_half_life_s", "RadionuclideHalfLife", "0018,1075", "half_life_s", Double.class),
		WEIGHT_KG("patient_weight_kg", "PatientWeight", "0010,1030", "weight_kg", Double.class),
		SIZE_M("patient_size_m", "PatientSize", "0010,1020", "height_cm", Double.class),
		SEX("patient_sex", "PatientSex", "0010,0040", "sex", String.class),
		PHILIPS_SUV_SCALE_FACTOR("philips_suv_scale_factor", "Philips private SUV scale factor", "7053,1000", null,
			Double.class),
		PHILIPS_ACTIVITY_SCALE_FACTOR("philips_activity_concentration_scale_factor",
			"Philips private activity concentration scale factor", "7053,1009", null, Double.class),
		GE_SCAN_DATE_TIME("ge_scan_date_time", "GE private scan start date-time", "0009,100D", "scan_time",
			LocalDateTime.class),
		RESCALE_SLOPE("rescale_slope", "RescaleSlope", "0028,1053", null, Double.class),
		/** Override only: injection clock time (LocalTime) or date-time (LocalDateTime). */
		INJECTION_TIME("injection_time", "injection time", null, "injection_time", Object.class),
		/** Override only: scan start clock time (LocalTime) or date-time (LocalDateTime). */
		SCAN_TIME("scan_time", "scan start time", null, "scan_time", Object.class);

		private final String key, keyword, tag, parameter;
		private final Class<?> type;

		Key(final String key, final String keyword, final String tag, final String parameter, final Class<?> type) {
			this.key = key;
			this.keyword = keyword;
			this.tag = tag;
			this.parameter = parameter;
			this.type = type;
		}

		/** snake_case name used in {@link SuvInputs#toMap()}. */
		public String key() {
			return key;
		}

		/** DICOM keyword or description. */
		public String keyword() {
			return keyword;
		}

		/** DICOM tag "gggg,eeee", or null for override-only keys. */
		public String tag() {
			return tag;
		}

		/** The override parameter, or null when there is none. */
		public String parameter() {
			return parameter;
		}

		/** "Keyword (gggg,eeee)". */
		public String label() {
			return tag == null ? keyword : keyword + " (" + tag + ")";
		}

		boolean headerKey() {
			return tag != null;
		}
	}

	/** One value with its source. */
	public static final class Entry {

		private final Object value;
		private final String source;
		private final String parameterValue;
		private final Object headerValue;

		Entry(final Object value, final String source, final String parameterValue, final Object headerValue) {
			this.value = value;
			this.source = source;
			this.parameterValue = parameterValue;
			this.headerValue = headerValue;
		}

		/** The value (String, Double, LocalDate, LocalTime or LocalDateTime), never null. */
		public Object value() {
			return value;
		}

		/** {@value SuvInputs#HEADER} or {@value SuvInputs#PARAMETER}. */
		public String source() {
			return source;
		}

		/** The parameter text as given, for an override; else null. */
		public String parameterValue() {
			return parameterValue;
		}

		/** The header value an override replaced, or null. */
		public Object headerValue() {
			return headerValue;
		}
	}

	private final EnumMap<Key, Entry> entries = new EnumMap<>(Key.class);

	/** The entry of {@code key}, or null when absent. */
	public Entry get(final Key key) {
		return entries.get(key);
	}

	public boolean has(final Key key) {
		return entries.containsKey(key);
	}

	/** The value of {@code key}, or null when absent. */
	public Object value(final Key key) {
		final Entry e = entries.get(key);
		return e == null ? null : e.value;
	}

	/** {@value #HEADER}, {@value #PARAMETER} or {@value #ABSENT}. */
	public String source(final Key key) {
		final Entry e = entries.get(key);
		return e == null ? ABSENT : e.source;
	}

	public String string(final Key key) {
		return (String) typed(key, String.class);
	}

	public Double number(final Key key) {
		return (Double) typed(key, Double.class);
	}

	public LocalDate date(final Key key) {
		return (LocalDate) typed(key, LocalDate.class);
	}

	public LocalTime time(final Key key) {
		return (LocalTime) typed(key, LocalTime.class);
	}

	public LocalDateTime dateTime(final Key key) {
		return (LocalDateTime) typed(key, LocalDateTime.class);
	}

	private Object typed(final Key key, final Class<?> type) {
		if (key.type != type) throw new IllegalArgumentException(key + " holds " + key.type.getSimpleName());
		return value(key);
	}

	/** All present entries in key order (read-only). */
	public Map<Key, Entry> entries() {
		return Collections.unmodifiableMap(entries);
	}

	// ---------------------------------------------------------------- header values

	/**
	 * Sets a header value (source {@value #HEADER}). {@code value} is either the DICOM string (DS,
	 * CS, DA, TM or DT as in the header, parsed here; empty means absent) or an already typed value
	 * of the key's type (a Number for numeric keys). Null removes the value.
	 */
	public SuvInputs header(final Key key, final Object value) {
		if (!key.headerKey()) throw new IllegalArgumentException(key + " is not a header value; use override()");
		final Object v = value instanceof String ? parse(key, (String) value) : value;
		if (v == null) {
			entries.remove(key);
			return this;
		}
		final Object typedValue = v instanceof Number && key.type == Double.class ? checkedNumber(key.label(),
			((Number) v).doubleValue()) : v;
		if (!key.type.isInstance(typedValue)) throw new IllegalArgumentException(key + " needs a " + key.type
			.getSimpleName() + ", not " + typedValue.getClass().getSimpleName());
		entries.put(key, new Entry(key == Key.SEX ? normaliseSex(key.label(), (String) typedValue, false) : typedValue,
			HEADER, null, null));
		return this;
	}

	private static Object parse(final Key key, final String raw) {
		final String s = DicomDateTimes.clean(raw);
		if (s == null) return null;
		final String what = key.label();
		if (key.type == String.class) return s.toUpperCase(Locale.ROOT);
		if (key.type == Double.class) return parseDS(what, s);
		if (key.type == LocalDate.class) return DicomDateTimes.parseDA(s, what);
		if (key.type == LocalTime.class) return DicomDateTimes.parseTM(s, what);
		return DicomDateTimes.parseDT(s, what);
	}

	private static Double parseDS(final String what, final String s) {
		try {
			return checkedNumber(what, Double.parseDouble(s));
		}
		catch (final NumberFormatException e) {
			throw new BadInputException(what, "'" + s + "' is not a number");
		}
	}

	private static Double checkedNumber(final String what, final double v) {
		if (!Double.isFinite(v)) throw new BadInputException(what, v + " is not a finite number");
		return v;
	}

	/**
	 * Takes one slice's or instance's AcquisitionDate (0008,0022) and AcquisitionTime (0008,0032) into
	 * the earliest acquisition date-time. Without a date the series date is used (set it first); an
	 * absent time is ignored.
	 */
	public SuvInputs addAcquisition(final String acquisitionDate, final String acquisitionTime) {
		final LocalTime t = DicomDateTimes.parseTM(acquisitionTime, "AcquisitionTime (0008,0032)");
		if (t == null) return this;
		LocalDate d = DicomDateTimes.parseDA(acquisitionDate, "AcquisitionDate (0008,0022)");
		if (d == null) d = date(Key.SERIES_DATE);
		if (d == null) throw new BadInputException("AcquisitionDate (0008,0022)",
			"missing and no SeriesDate (0008,0021) to stand in for it");
		return addAcquisition(LocalDateTime.of(d, t));
	}

	/** Takes one AcquisitionDateTime (0008,002A) DT string into the earliest acquisition date-time. */
	public SuvInputs addAcquisitionDateTime(final String acquisitionDateTime) {
		final LocalDateTime dt = DicomDateTimes.parseDT(acquisitionDateTime, "AcquisitionDateTime (0008,002A)");
		return dt == null ? this : addAcquisition(dt);
	}

	/** Takes one acquisition date-time into the earliest acquisition date-time. */
	public SuvInputs addAcquisition(final LocalDateTime acquisition) {
		if (acquisition == null) return this;
		final LocalDateTime old = dateTime(Key.EARLIEST_ACQUISITION);
		if (old == null || acquisition.isBefore(old)) entries.put(Key.EARLIEST_ACQUISITION, new Entry(acquisition,
			HEADER, null, null));
		return this;
	}

	/**
	 * Inputs from a map of header strings. A map key may be the snake_case {@link Key#key()}, the
	 * DICOM keyword, or the tag ("0018,1074", "(0018,1074)", "00181074"); the acquisition time may
	 * also come as AcquisitionDate + AcquisitionTime or AcquisitionDateTime. Other keys are ignored.
	 */
	public static SuvInputs fromHeader(final Map<String, String> header) {
		final SuvInputs in = new SuvInputs();
		final Map<String, String> norm = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : header.entrySet())
			if (e.getKey() != null) norm.put(normaliseName(e.getKey()), e.getValue());
		// series date first: acquisitions without a date use it
		final Key[] order = Key.values();
		for (final Key k : order) {
			if (!k.headerKey() || k == Key.EARLIEST_ACQUISITION) continue;
			final String v = lookup(norm, k.key, k.keyword, k.tag);
			if (v != null) in.header(k, v);
		}
		final String acq = lookup(norm, Key.EARLIEST_ACQUISITION.key, null, null);
		if (acq != null) in.addAcquisitionDateTime(acq);
		final String acqDT = lookup(norm, "AcquisitionDateTime", null, "0008,002A");
		if (acqDT != null) in.addAcquisitionDateTime(acqDT);
		final String acqTime = lookup(norm, "AcquisitionTime", null, "0008,0032");
		if (acqTime != null) in.addAcquisition(lookup(norm, "AcquisitionDate", null, "0008,0022"), acqTime);
		return in;
	}

	private static String lookup(final Map<String, String> norm, final String a, final String b, final String tag) {
		String v = norm.get(normaliseName(a));
		if (v == null && b != null) v = norm.get(normaliseName(b));
		if (v == null && tag != null) v = norm.get(normaliseName(tag));
		return v;
	}

	private static String normaliseName(final String s) {
		return s.replaceAll("[\\s(),_]", "").toLowerCase(Locale.ROOT);
	}

	// ---------------------------------------------------------------- overrides

	/** The override parameter names. */
	public static final String[] OVERRIDES = { "dose_mbq", "weight_kg", "height_cm", "sex", "injection_time",
		"scan_time", "half_life_s" };

	/**
	 * Applies each override parameter present (non-blank) in {@code parameters}; keys that are not
	 * override names are ignored, so a command may pass all its parameters.
	 */
	public SuvInputs applyOverrides(final Map<String, String> parameters) {
		for (final String p : OVERRIDES)
			if (parameters.containsKey(p)) override(p, parameters.get(p));
		return this;
	}

	/**
	 * Replaces a header value by a user parameter (source {@value #PARAMETER}); a blank value does
	 * nothing. {@code dose_mbq} (MBq, stored in Bq), {@code weight_kg} (0-700], {@code height_cm}
	 * (0-300], stored in m), {@code sex} (M or F), {@code half_life_s} (s), {@code injection_time}
	 * and {@code scan_time} (HH:MM[:SS] or a full date-time, see
	 * {@link DicomDateTimes#parseUserTime}).
	 */
	public SuvInputs override(final String parameter, final String value) {
		final String s = DicomDateTimes.clean(value);
		if (s == null) return this;
		switch (parameter) {
			case "dose_mbq":
				return put(Key.TOTAL_DOSE_BQ, positive(parameter, s, Double.POSITIVE_INFINITY) * 1e6, s);
			case "weight_kg":
				return put(Key.WEIGHT_KG, positive(parameter, s, 700), s);
			case "height_cm":
				return put(Key.SIZE_M, positive(parameter, s, 300) / 100, s);
			case "half_life_s":
				return put(Key.HALF_LIFE_S, positive(parameter, s, Double.POSITIVE_INFINITY), s);
			case "sex":
				return put(Key.SEX, normaliseSex(parameter, s, true), s);
			case "injection_time":
				return put(Key.INJECTION_TIME, DicomDateTimes.parseUserTime(s, parameter), s);
			case "scan_time":
				return put(Key.SCAN_TIME, DicomDateTimes.parseUserTime(s, parameter), s);
			default:
				throw new BadInputException(parameter, "not an SUV override; known: " + String.join(", ", OVERRIDES));
		}
	}

	/** Numeric override (dose_mbq, weight_kg, height_cm, half_life_s); NaN does nothing. */
	public SuvInputs override(final String parameter, final double value) {
		if (Double.isNaN(value)) return this;
		return override(parameter, Double.toString(value));
	}

	private SuvInputs put(final Key key, final Object value, final String given) {
		entries.put(key, new Entry(value, PARAMETER, given, value(key)));
		return this;
	}

	private static double positive(final String parameter, final String s, final double max) {
		final double v;
		try {
			v = Double.parseDouble(s);
		}
		catch (final NumberFormatException e) {
			throw new BadInputException(parameter, "'" + s + "' is not a number");
		}
		if (!(v > 0 && v <= max)) throw new BadInputException(parameter, s + " is out of range (0, " + (Double.isInfinite(
			max) ? "inf" : String.valueOf(max)) + "]");
		return v;
	}

	/** M or F (also MALE/FEMALE); a header may also hold O (other), kept as given. */
	private static String normaliseSex(final String what, final String s, final boolean parameter) {
		final String u = s.trim().toUpperCase(Locale.ROOT);
		if (u.equals("M") || u.equals("MALE")) return "M";
		if (u.equals("F") || u.equals("FEMALE")) return "F";
		if (!parameter) return u;
		throw new BadInputException(what, "'" + s + "' is not M or F");
	}

	// ---------------------------------------------------------------- provenance

	/**
	 * key -> {value, source, tag, [parameter, parameter_value, header_value]} for every key, absent
	 * ones included (value null, source {@value #ABSENT}); dates and times as ISO-8601 text.
	 */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (final Key k : Key.values()) {
			final Entry e = entries.get(k);
			if (!k.headerKey() && e == null) continue;
			final Map<String, Object> v = new LinkedHashMap<>();
			v.put("value", e == null ? null : plain(e.value));
			v.put("source", e == null ? ABSENT : e.source);
			if (k.tag != null) v.put("tag", k.tag);
			if (e != null && PARAMETER.equals(e.source)) {
				v.put("parameter", k.parameter);
				v.put("parameter_value", e.parameterValue);
				if (e.headerValue != null) v.put("header_value", plain(e.headerValue));
			}
			m.put(k.key, v);
		}
		return m;
	}

	static Object plain(final Object o) {
		return o instanceof Number || o == null ? o : o.toString();
	}
}
