package org.marrowj.pet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;

class DicomDateTimesTest {

	@Test
	void dates() {
		assertEquals(LocalDate.of(2020, 12, 17), DicomDateTimes.parseDA("20201217 ", "SeriesDate"));
		assertEquals(LocalDate.of(2020, 12, 17), DicomDateTimes.parseDA("2020.12.17", "SeriesDate"));
		assertNull(DicomDateTimes.parseDA("  ", "SeriesDate"));
		assertNull(DicomDateTimes.parseDA(null, "SeriesDate"));
		assertTrue(assertThrows(BadInputException.class, () -> DicomDateTimes.parseDA("20201317", "SeriesDate"))
			.getMessage().startsWith("SeriesDate:"));
	}

	@Test
	void times() {
		assertEquals(LocalTime.of(10, 48, 30, 351370000), DicomDateTimes.parseTM("104830.351370", "t"));
		assertEquals(LocalTime.of(8, 45, 0), DicomDateTimes.parseTM("084500.00", "t"));
		assertEquals(LocalTime.of(8, 45, 0, 500000000), DicomDateTimes.parseTM("084500.5 ", "t"));
		assertEquals(LocalTime.of(8, 45), DicomDateTimes.parseTM("0845", "t")); // no seconds
		assertEquals(LocalTime.of(8, 0), DicomDateTimes.parseTM("08", "t"));
		assertEquals(LocalTime.of(8, 45, 12), DicomDateTimes.parseTM("08:45:12", "t")); // pre-1993 form
		assertEquals(LocalTime.of(9, 56, 21), DicomDateTimes.parseTM("095621\0", "t"));
		assertThrows(BadInputException.class, () -> DicomDateTimes.parseTM("246000", "t"));
		assertThrows(BadInputException.class, () -> DicomDateTimes.parseTM("0845.5", "t"));
		assertThrows(BadInputException.class, () -> DicomDateTimes.parseTM("084500.1234567", "t"));
	}

	@Test
	void dateTimes() {
		assertEquals(LocalDateTime.of(2020, 12, 17, 8, 45), DicomDateTimes.parseDT("20201217084500.00 ", "dt"));
		assertEquals(LocalDateTime.of(2020, 12, 17, 8, 30, 45), DicomDateTimes.parseDT("20201217083045.000000 ", "dt"));
		assertEquals(LocalDateTime.of(2020, 12, 17, 8, 30), DicomDateTimes.parseDT("202012170830", "dt"));
		// offset accepted and ignored: local clock time
		assertEquals(LocalDateTime.of(2020, 12, 17, 8, 30, 45, 100000000), DicomDateTimes.parseDT(
			"20201217083045.1+0100", "dt"));
		assertThrows(BadInputException.class, () -> DicomDateTimes.parseDT("20201217", "dt"));
		assertThrows(BadInputException.class, () -> DicomDateTimes.parseDT("20200230083045", "dt"));
	}

	@Test
	void userTimes() {
		assertEquals(LocalTime.of(8, 30), DicomDateTimes.parseUserTime("8:30", "injection_time"));
		assertEquals(LocalTime.of(8, 30, 15), DicomDateTimes.parseUserTime("08:30:15", "injection_time"));
		assertEquals(LocalTime.of(8, 30), DicomDateTimes.parseUserTime("0830", "injection_time"));
		assertEquals(LocalDateTime.of(2024, 3, 15, 8, 30), DicomDateTimes.parseUserTime("2024-03-15 08:30",
			"injection_time"));
		assertEquals(LocalDateTime.of(2024, 3, 15, 8, 30, 5), DicomDateTimes.parseUserTime("2024-03-15T08:30:05",
			"injection_time"));
		assertEquals(LocalDateTime.of(2024, 3, 15, 8, 30, 5), DicomDateTimes.parseUserTime("20240315083005",
			"injection_time"));
		assertTrue(assertThrows(BadInputException.class, () -> DicomDateTimes.parseUserTime("half past eight",
			"injection_time")).getMessage().startsWith("injection_time:"));
	}
}
