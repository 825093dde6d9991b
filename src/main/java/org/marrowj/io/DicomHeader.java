package org.marrowj.io;

import java.io.File;

/**
 * The header of one DICOM file: its top-level data set (everything before PixelData), the file
 * meta information, the transfer syntax, and where the pixel data lies. Read with
 * {@link DicomFile#readHeader(File)}.
 */
public final class DicomHeader extends DicomDataset {

	final File file;
	final long fileSize;
	DicomDataset meta;
	String transferSyntaxUid;
	boolean explicitVr;
	boolean hasPreamble;
	/** file offset (or offset into {@link #inflated}) of the PixelData value; -1 when there is none */
	long pixelDataOffset = -1;
	/** length of the PixelData value; -1 when undefined (encapsulated) */
	long pixelDataLength = -1;
	/** the inflated data set of a Deflated transfer syntax, or null */
	byte[] inflated;

	DicomHeader(final File file, final long fileSize, final boolean bigEndian) {
		super(file.getPath(), bigEndian);
		this.file = file;
		this.fileSize = fileSize;
	}

	public File file() {
		return file;
	}

	/** Group 0002 (file meta information); empty for a file without it. */
	public DicomDataset meta() {
		return meta;
	}

	/** The transfer syntax UID (from the file meta information, or as detected for a file without it). */
	public String transferSyntaxUid() {
		return transferSyntaxUid;
	}

	/** Human name of the transfer syntax, e.g. "JPEG 2000 Image Compression (Lossless Only)". */
	public String transferSyntaxName() {
		return TransferSyntax.name(transferSyntaxUid);
	}

	/** True when the file starts with the 128-byte preamble and "DICM" (DICOM Part 10). */
	public boolean hasPreamble() {
		return hasPreamble;
	}

	public boolean isBigEndian() {
		return bigEndian;
	}

	public boolean isExplicitVr() {
		return explicitVr;
	}

	/** True when the file has a top-level PixelData (7FE0,0010) element. */
	public boolean hasPixelData() {
		return pixelDataOffset >= 0;
	}

	/** Length in bytes of the PixelData value, or -1 when absent or encapsulated (undefined length). */
	public long pixelDataLength() {
		return pixelDataLength;
	}

	/** Rows (0028,0010): the image height; 0 when absent. */
	public int rows() {
		return getInt(DicomTag.ROWS, 0);
	}

	/** Columns (0028,0011): the image width; 0 when absent. */
	public int columns() {
		return getInt(DicomTag.COLUMNS, 0);
	}

	public String modality() {
		return getString(DicomTag.MODALITY, "");
	}

	public String seriesInstanceUid() {
		return getString(DicomTag.SERIES_INSTANCE_UID, "");
	}

	@Override
	public String toString() {
		return "DicomHeader[" + file + ", " + transferSyntaxUid + ", " + columns() + "x" + rows() + " " + modality() + "]";
	}
}
