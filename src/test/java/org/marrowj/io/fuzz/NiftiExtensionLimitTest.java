package org.marrowj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.io.Nifti;

/**
 * A gzip-compressed NIfTI whose vox_offset lies far past the header made the reader decompress
 * everything up to it (gigabytes from a small file whose vox_offset was damaged). The extension
 * block before vox_offset is now bounded (64 MiB): beyond it the file is refused before any
 * extension byte is read; within it the image reads as before.
 */
class NiftiExtensionLimitTest {

	private static final long LIMIT = 64L << 20;

	@TempDir
	Path tmp;

	/** The synthetic 9x8x2 uint8 seed with {@code extension} zero bytes between header and data, gzip-compressed. */
	private File withExtension(final long extension) throws IOException {
		final byte[] seed = Seeds.load(tmp).get("nii-uint8").bytes;
		final byte[] header = java.util.Arrays.copyOf(seed, 348);
		final float vox = 348 + extension;
		assertEquals(348 + extension, (long) vox, "vox_offset exact in float");
		ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, vox);
		final File f = tmp.resolve("ext" + extension + ".nii.gz").toFile();
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f.toPath()), 1 << 16)) {
			out.write(header);
			final byte[] zeros = new byte[1 << 20];
			for (long left = extension; left > 0; left -= zeros.length)
				out.write(zeros, 0, (int) Math.min(left, zeros.length));
			out.write(seed, 352, seed.length - 352);
		}
		return f;
	}

	private static double[] values(final Volume<?> v) {
		final double[] r = new double[(int) v.voxelCount()];
		int i = 0;
		for (final Object t : Views.flatIterable(v.image()))
			r[i++] = ((RealType<?>) t).getRealDouble();
		return r;
	}

	@Test
	void extensionsUpToTheLimitRead() throws IOException {
		final double[] plain = values(Nifti.read(withExtension(4)));
		assertEquals(9 * 8 * 2, plain.length);
		final Volume<?> v = Nifti.read(withExtension(LIMIT - 4)); // vox_offset 348 + LIMIT - 4, a float exactly
		assertArrayEquals(plain, values(v), 0);
	}

	@Test
	void aVoxOffsetPastTheLimitIsRefusedWithoutReadingTheExtensions() throws IOException {
		final File f = withExtension(LIMIT + 4);
		final BadInputException e = assertThrows(BadInputException.class, () -> Nifti.read(f));
		assertTrue(e.getMessage().startsWith(f.getPath() + ": "), e.getMessage());
		assertTrue(e.getMessage().contains(Long.toString(348 + LIMIT + 4)), e.getMessage());
	}
}
