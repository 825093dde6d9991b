package org.marrowj.io;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** Parses DICOM DA, TM and DT values (and the old forms with separators, e.g. "11:39:00", "1986.08.10"). */
public final class DicomTime {

	private DicomTime() {}

	/** DA "YYYYMMDD" (or "YYYY.MM.DD"), or null when unparsable. */
	public static LocalDate parseDate(final String da) {
		if (da == null) return null;
		final String s = da.trim().replace(".", "").replace("-", "");
		if (s.length() != 8 || !s.chars().allMatch(Character::isDigit)) return null;
		try {
			return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6, 8)));
		}
		catch (final DateTimeException e) {
			return null;
		}
	}

	/** TM "HH[MM[SS[.F{1,6}]]]" (or "HH:MM:SS.fff"), or null when unparsable. */
	public static LocalTime parseTime(final String tm) {
		if (tm == null) return null;
		String s = tm.trim().replace(":", "");
		String frac = "";
		final int dot = s.indexOf('.');
		if (dot >= 0) {
			frac = s.substring(dot + 1);
			s = s.substring(0, dot);
		}
		if (s.length() < 2 || s.length() > 6 || s.length() % 2 != 0 || !s.chars().allMatch(Character::isDigit)) return null;
		if (!frac.chars().allMatch(Character::isDigit) || frac.length() > 9) return null;
		try {
			final int hh = Integer.parseInt(s.substring(0, 2));
			final int mm = s.length() >= 4 ? Integer.parseInt(s.substring(2, 4)) : 0;
			final int ss = s.length() >= 6 ? Integer.parseInt(s.substring(4, 6)) : 0;
			final int nanos = frac.isEmpty() ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
			return LocalTime.of(hh, mm, Math.min(ss, 59), nanos);
		}
		catch (final DateTimeException e) {
			return null;
		}
	}

	/**
	 * DT "YYYYMMDDHHMMSS.FFFFFF[&amp;ZZXX]" (time part optional, UTC offset ignored), or null when
	 * unparsable.
	 */
	public static LocalDateTime parseDateTime(final String dt) {
		if (dt == null) return null;
		String s = dt.trim();
		final int tz = Math.max(s.indexOf('+', 1), s.indexOf('-', 8));
		if (tz > 0) s = s.substring(0, tz);
		if (s.length() < 8) return null;
		final LocalDate d = parseDate(s.substring(0, 8));
		if (d == null) return null;
		if (s.length() == 8) return d.atStartOfDay();
		final LocalTime t = parseTime(s.substring(8));
		return t == null ? null : d.atTime(t);
	}
}
