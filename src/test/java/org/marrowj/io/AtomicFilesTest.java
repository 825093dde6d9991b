package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@Test
	void aFailedWriteLeavesNeitherTheTargetNorATemporaryFile(@TempDir final File dir) {
		final File f = new File(dir, "out.csv");
		assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
			out.write(1);
			throw new IOException("disk full");
		}));
		assertFalse(f.exists());
		assertEquals(0, dir.listFiles().length);
	}

	@Test
	void replacesAnOldFileWholeAndKeepsTheUsualPermissions(@TempDir final File dir) throws Exception {
		final File f = new File(dir, "a.txt");
		AtomicFiles.writeText(f, "old content, longer");
		AtomicFiles.writeText(f, "new");
		assertArrayEquals("new".getBytes("UTF-8"), Files.readAllBytes(f.toPath()));
		final File plain = new File(dir, "plain.txt");
		Files.write(plain.toPath(), new byte[] { 1 });
		try {
			assertEquals(Files.getPosixFilePermissions(plain.toPath()), Files.getPosixFilePermissions(f.toPath()),
				"same permissions as a file created the ordinary way");
		}
		catch (final UnsupportedOperationException e) {
			// not a POSIX file system: nothing to compare
		}
	}
}
