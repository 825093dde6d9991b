package org.marrowj.io;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a killed process never leaves a file that looks complete: the content goes
 * to a temporary file in the same folder, which is then renamed over the target (atomically where
 * the file system allows).
 */
public final class AtomicFiles {

	private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

	private AtomicFiles() {}

	/** Something that writes a file's content to a stream. */
	@FunctionalInterface
	public interface Content {

		void writeTo(OutputStream out) throws IOException;
	}

	/** Writes {@code content} to {@code target} atomically, creating parent folders. */
	public static void write(final File target, final Content content) throws IOException {
		final Path t = target.toPath().toAbsolutePath();
		final Path dir = t.getParent();
		if (dir != null) Files.createDirectories(dir);
		// a hidden name that never looks like the finished file; created with the default permissions
		final Path tmp = t.resolveSibling("." + t.getFileName() + "." + ProcessHandle.current().pid() + "." +
			COUNTER.incrementAndGet() + ".part");
		boolean done = false;
		try {
			try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE), 1 << 16))
			{
				content.writeTo(out);
			}
			try {
				Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		}
		finally {
			if (!done) Files.deleteIfExists(tmp);
		}
	}

	/** Writes UTF-8 text atomically. */
	public static void writeText(final File target, final String text) throws IOException {
		write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}
}
