package org.marrowj.io;

import java.util.HashMap;
import java.util.Map;

/** Transfer syntax UIDs: their names and whether MarrowJ decodes their pixel data. */
final class TransferSyntax {

	private TransferSyntax() {}

	static final String IMPLICIT_LE = "1.2.840.10008.1.2";
	static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
	static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
	static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

	private static final Map<String, String> NAMES = new HashMap<>();

	static {
		NAMES.put(IMPLICIT_LE, "Implicit VR Little Endian");
		NAMES.put(EXPLICIT_LE, "Explicit VR Little Endian");
		NAMES.put(DEFLATED_LE, "Deflated Explicit VR Little Endian");
		NAMES.put(EXPLICIT_BE, "Explicit VR Big Endian");
		NAMES.put("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian");
		NAMES.put("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)");
		NAMES.put("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)");
		NAMES.put("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)");
		NAMES.put("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)");
		NAMES.put("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless");
		NAMES.put("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)");
		NAMES.put("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)");
		NAMES.put("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression");
		NAMES.put("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)");
		NAMES.put("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression");
		NAMES.put("1.2.840.10008.1.2.4.94", "JPIP Referenced");
		NAMES.put("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate");
		NAMES.put("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");
		NAMES.put("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level");
		NAMES.put("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile");
		NAMES.put("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile");
		NAMES.put("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile For 2D Video");
		NAMES.put("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile For 3D Video");
		NAMES.put("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile");
		NAMES.put("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile");
		NAMES.put("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile");
		NAMES.put("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)");
		NAMES.put("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)");
		NAMES.put("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression");
		NAMES.put("1.2.840.10008.1.2.5", "RLE Lossless");
	}

	/** The name of a transfer syntax, or "unknown transfer syntax". */
	static String name(final String uid) {
		final String n = uid == null ? null : NAMES.get(uid);
		return n == null ? "unknown transfer syntax" : n;
	}

	/** True for the transfer syntaxes whose pixel data is stored uncompressed (native). */
	static boolean isNative(final String uid) {
		return IMPLICIT_LE.equals(uid) || EXPLICIT_LE.equals(uid) || DEFLATED_LE.equals(uid) || EXPLICIT_BE.equals(uid);
	}

	/** The message for a transfer syntax MarrowJ does not decode. */
	static String refusal(final String uid) {
		return "pixel data in transfer syntax " + uid + " (" + name(uid) + ") is not decoded by MarrowJ: convert the files with " +
			"dcmdjpeg or gdcmconv --raw, or open the series in Fiji with Bio-Formats and run the command on the open image";
	}
}
