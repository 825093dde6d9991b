package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;

/**
 * Real files with random bytes of their headers overwritten (fixed seeds): reading them either
 * succeeds or gives a {@link BadInputException} naming the file; nothing else escapes.
 */
class DicomCorruptionTest {

	@TempDir
	Path tmp;

	@Test
	void corruptHeadersGiveBadInputOnly() throws IOException {
		int refused = 0, read = 0;
		for (final String dir : new String[] { DicomSeriesReaderTest.PET, "petct-thigh-sts027/pet", DicomSeriesReaderTest.CT }) {
			final File[] files = SharedData.require(dir).listFiles();
			Arrays.sort(files);
			final byte[] orig = Files.readAllBytes(files[0].toPath());
			final int headerEnd = (int) DicomFile.readHeader(files[0]).pixelDataOffset;
			final Random rnd = new Random(dir.hashCode());
			for (int trial = 0; trial < 400; trial++) {
				final byte[] b = orig.clone();
				final int flips = 1 + rnd.nextInt(trial % 2 == 0 ? 4 : 40);
				for (int k = 0; k < flips; k++) {
					final int at = 128 + rnd.nextInt(headerEnd - 128);
					b[at] = (byte) (rnd.nextInt(4) == 0 ? 0xFF : rnd.nextInt(256));
				}
				final File f = tmp.resolve("c" + trial + ".dcm").toFile();
				Files.write(f.toPath(), b);
				try {
					DicomSeriesReader.read(f, null);
					read++;
				}
				catch (final BadInputException e) {
					assertTrue(e.getMessage().startsWith(f.getPath() + ": "), e.getMessage());
					refused++;
				}
				catch (final Throwable t) {
					fail("trial " + trial + " of " + dir + ": " + t, t);
				}
			}
		}
		System.out.println("corrupted headers: " + read + " still read, " + refused + " refused");
		assertTrue(refused > 100 && read > 100, read + " read, " + refused + " refused");
	}
}
