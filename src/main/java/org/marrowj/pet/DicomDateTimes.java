package org.marrowj.pet;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.marrowj.BadInputException;

/**
 * Parsing of DICOM DA, TM and DT strings and of user-given clock times, as the SUV rules need them.
 * <ul>
 * <li>DA: {@code YYYYMMDD} (the pre-1993 form {@code YYYY.MM.DD} is accepted too).</li>
 * <li>TM: {@code HH}, {@code HHMM}, {@code HHMMSS} or {@code HHMMSS.F} with 1 to 6 fraction digits
 * (the pre-1993 form {@code HH:MM:SS.F} is accepted too); missing minutes and seconds are 0.</li>
 * <li>DT: {@code YYYYMMDDHH[MM[SS[.F]]][&ZZXX]}; a UTC offset suffix is accepted and ignored: all
 * times of one PET series are compared as local clock times of the scanner, as TM values (which
 * carry no offset) require.</li>
 * </ul>
 * Leading and trailing spaces and NUL padding are removed; an empty value is null (absent). A value
 * that is present but malformed is a {@link BadInputException} naming the attribute.
 */
public final class DicomDateTimes {

	private DicomDateTimes() {}

	private static final Pattern DA = Pattern.compile("(\\d{4})\\.?(\\d{2})\\.?(\\d{2})");
	private static final Pattern TM = Pattern.compile("(\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
	private static final Pattern DT = Pattern.compile(
		"(\\d{4})(\\d{2})(\\d{2})(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,6}))?)?)?([+-]\\d{4})?");
	/** ISO-like user date-time: YYYY-MM-DD[ T]HH:MM[:SS[.F]]. */
	private static final Pattern ISO = Pattern.compile(
		"(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");
	/** User clock time: H:MM[:SS[.F]]. */
	private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");

	/** Trims spaces and NUL padding; null for null or empty. */
	static String clean(final String s) {
		if (s == null) return null;
		int a = 0, b = s.length();
		while (a < b && (s.charAt(a) <= ' ')) a++;
		while (b > a && (s.charAt(b - 1) <= ' ')) b--;
		return a == b ? null : s.substring(a, b);
	}

	/** A DICOM DA value, or null when absent. @param what the attribute, for the error message */
	public static LocalDate parseDA(final String value, final String what) {
		final String s = clean(value);
		if (s == null) return null;
		final Matcher m = DA.matcher(s);
		if (!m.matches()) throw bad(what, s, "a DICOM date YYYYMMDD");
		try {
			return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
		}
		catch (final DateTimeException e) {
			throw bad(what, s, "a valid calendar date YYYYMMDD");
		}
	}

	/** A DICOM TM value, or null when absent. @param what the attribute, for the error message */
	public static LocalTime parseTM(final String value, final String what) {
		final String s = clean(value);
		if (s == null) return null;
		final Matcher m = TM.matcher(s);
		if (!m.matches()) throw bad(what, s, "a DICOM time HHMMSS.FFFFFF");
		return time(what, s, m.group(1), m.group(2), m.group(3), m.group(4));
	}

	/** A DICOM DT value (offset ignored), or null when absent. @param what the attribute, for the error message */
	public static LocalDateTime parseDT(final String value, final String what) {
		final String s = clean(value);
		if (s == null) return null;
		final Matcher m = DT.matcher(s);
		if (!m.matches()) throw bad(what, s, "a DICOM date-time YYYYMMDDHHMMSS.FFFFFF");
		final LocalDate d = parseDA(s.substring(0, 8), what);
		return LocalDateTime.of(d, time(what, s, m.group(4), m.group(5), m.group(6), m.group(7)));
	}

	/**
	 * A user-given time: a clock time ({@code HH:MM}, {@code HH:MM:SS[.F]}, or DICOM TM digits
	 * {@code HHMM[SS[.F]]}) gives a {@link LocalTime}; a full date-time ({@code YYYY-MM-DD HH:MM[:SS]},
	 * {@code YYYY-MM-DDTHH:MM[:SS]} or DICOM DT digits {@code YYYYMMDDHHMM[SS[.F]]}) gives a
	 * {@link LocalDateTime}. Null when absent.
	 *
	 * @param parameter the parameter name, for the error message
	 */
	public static Object parseUserTime(final String value, final String parameter) {
		final String s = clean(value);
		if (s == null) return null;
		Matcher m = CLOCK.matcher(s);
		if (m.matches()) return time(parameter, s, m.group(1), m.group(2), m.group(3), m.group(4));
		m = ISO.matcher(s);
		if (m.matches()) {
			final LocalDate d;
			try {
				d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
			}
			catch (final DateTimeException e) {
				throw bad(parameter, s, "a valid date YYYY-MM-DD");
			}
			return LocalDateTime.of(d, time(parameter, s, m.group(4), m.group(5), m.group(6), m.group(7)));
		}
		final String digits = s.indexOf('.') < 0 ? s : s.substring(0, s.indexOf('.'));
		if (digits.length() <= 6 && TM.matcher(s).matches() && digits.length() >= 4) return parseTM(s, parameter);
		if (digits.length() >= 12 && DT.matcher(s).matches()) return parseDT(s, parameter);
		throw bad(parameter, s, "HH:MM[:SS] or a date-time YYYY-MM-DD HH:MM[:SS]");
	}

	private static LocalTime time(final String what, final String s, final String hh, final String mm, final String ss,
		final String frac)
	{
		final int h = Integer.parseInt(hh);
		final int mi = mm == null ? 0 : Integer.parseInt(mm);
		final int se = ss == null ? 0 : Integer.parseInt(ss);
		if (h > 23 || mi > 59 || se > 59) throw bad(what, s, "a clock time with hours 00-23, minutes and seconds 00-59");
		int nanos = 0;
		if (frac != null) {
			final StringBuilder b = new StringBuilder(frac);
			while (b.length() < 9) b.append('0');
			nanos = Integer.parseInt(b.toString());
		}
		return LocalTime.of(h, mi, se, nanos);
	}

	private static BadInputException bad(final String what, final String s, final String expected) {
		return new BadInputException(what, "'" + s + "' is not " + expected);
	}
}
