package org.marrowj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.io.DicomFile;
import org.marrowj.io.DicomHeader;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.Limits;

/**
 * A Deflated Explicit VR Little Endian file is inflated whole before it is parsed. A small file whose
 * deflate stream inflates to gigabytes (zeros after the data set) ran the heap out (OutOfMemoryError)
 * and ignored the voxel cap. Inflation now stops at {@link Limits#maxBufferBytes()} with a
 * refusal naming the file; a deflated file within the limit reads as before.
 */
class DicomDeflateLimitTest {

	@TempDir
	Path tmp;

	private final String saved = System.getProperty(Limits.MAX_VOXELS_PROPERTY);

	@AfterEach
	void restore() {
		if (saved == null) System.clearProperty(Limits.MAX_VOXELS_PROPERTY);
		else System.setProperty(Limits.MAX_VOXELS_PROPERTY, saved);
	}

	/** The synthetic deflated 8x6 CT slice with {@code zeros} zero bytes inflated after its data set. */
	private File deflated(final long zeros) throws IOException {
		final Seeds.Seed seed = Seeds.load(tmp).get("dcm-syn-deflated");
		final byte[] b = new Recipe(seed.name, "test").op("deflate " + seed.deflateAt + " " + zeros).apply(seed.bytes);
		final File f = tmp.resolve("deflated" + zeros + ".dcm").toFile();
		Files.write(f.toPath(), b);
		return f;
	}

	@Test
	void aDeflatedSliceWithinTheLimitReads() throws IOException {
		System.setProperty(Limits.MAX_VOXELS_PROPERTY, "1000000");
		final File f = deflated(100_000);
		final DicomHeader h = DicomFile.readHeader(f);
		assertEquals(6, h.rows());
		assertEquals(8, h.columns());
		assertEquals(48, DicomSeriesReader.read(f, null).volume().voxelCount());
	}

	@Test
	void aDeflateBombIsRefusedAtTheLimit() throws IOException {
		System.setProperty(Limits.MAX_VOXELS_PROPERTY, "1000000");
		final File f = deflated(64L << 20);
		final BadInputException e = assertThrows(BadInputException.class, () -> DicomFile.readHeader(f));
		assertTrue(e.getMessage().startsWith(f.getPath() + ": "), e.getMessage());
		assertTrue(e.getMessage().contains("1000000"), e.getMessage());
	}
}
