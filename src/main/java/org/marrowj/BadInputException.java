package org.marrowj;

import java.io.File;

/**
 * The one exception type for input that cannot be used: an unreadable or corrupt file, a header
 * that lies, a parameter with a nonsensical value, an image without the structure a measurement
 * needs. Its message names the file or parameter and the problem in one line; the launcher maps
 * it to exit code 2 and batches record it as the reason of a failed row.
 */
public class BadInputException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String subject;

	/** @param subject the file path or parameter name the problem is about (may be null) */
	public BadInputException(final String subject, final String problem) {
		super(subject == null ? problem : subject + ": " + problem);
		this.subject = subject;
	}

	public BadInputException(final String subject, final String problem, final Throwable cause) {
		super(subject == null ? problem : subject + ": " + problem, cause);
		this.subject = subject;
	}

	public BadInputException(final File file, final String problem) {
		this(file == null ? null : file.getPath(), problem);
	}

	public BadInputException(final File file, final String problem, final Throwable cause) {
		this(file == null ? null : file.getPath(), problem, cause);
	}

	/** The file path or parameter name this is about, or null. */
	public String subject() {
		return subject;
	}
}
