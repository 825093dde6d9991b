package org.marrowj.io;

import java.io.File;

/** Prints the header of DICOM files: {@code java org.marrowj.io.DicomDump file...}. */
public final class DicomDump {

	private DicomDump() {}

	public static void main(final String[] args) {
		for (final String a : args) {
			final DicomHeader h = DicomFile.readHeader(new File(a));
			System.out.println("# " + a + "  " + h.transferSyntaxUid() + " (" + h.transferSyntaxName() + ") preamble=" + h.hasPreamble() +
				" pixelData@" + h.pixelDataOffset + " len=" + h.pixelDataLength());
			System.out.print(h.meta().dump());
			System.out.print(h.dump());
		}
	}
}
