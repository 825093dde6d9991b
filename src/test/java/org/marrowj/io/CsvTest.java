package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

	@Test
	void numbersAreFormattedDeterministicallyAndMissingValuesAreEmpty() {
		assertEquals("0", Csv.format(0.0));
		assertEquals("0", Csv.format(-0.0));
		assertEquals("1.5", Csv.format(1.5));
		assertEquals("-60.12345679", Csv.format(-60.123456789012));
		assertEquals("0.0004274831619", Csv.format(0.00042748316187197236));
		assertEquals("123456789000", Csv.format(1.23456789e11));
		assertEquals("", Csv.format(Double.NaN));
		assertEquals("", Csv.format(Double.POSITIVE_INFINITY));
		assertEquals("", Csv.format(null));
		assertEquals("42", Csv.format(42L));
	}

	@Test
	void writesQuotedCellsAtomicallyAndReadsThemBack(@TempDir final File dir) throws Exception {
		final Csv csv = new Csv("subject", "region", "hu_mean");
		final Map<String, Object> row = new LinkedHashMap<>();
		row.put("subject", "s,01");
		row.put("region", "say \"hi\"\nthere");
		row.put("hu_mean", -61.25);
		csv.add(row);
		csv.addCells(Arrays.asList("s02", "L1", null));
		final File f = new File(dir, "sub/out.csv");
		csv.write(f);
		final String text = new String(Files.readAllBytes(f.toPath()), "UTF-8");
		assertEquals("subject,region,hu_mean\n\"s,01\",\"say \"\"hi\"\"\nthere\",-61.25\ns02,L1,\n", text);
		assertEquals(1, dir.listFiles().length);
		assertEquals(1, new File(dir, "sub").listFiles().length, "no temporary file left behind");
		final Csv back = Csv.read(f);
		assertEquals(csv.header(), back.header());
		assertEquals(csv.rows(), back.rows());
	}

	@Test
	void unknownColumnIsRefused() {
		final Csv csv = new Csv("a");
		final Map<String, Object> row = new LinkedHashMap<>();
		row.put("b", 1);
		assertThrows(IllegalArgumentException.class, () -> csv.add(row));
	}
}
