package org.marrowj.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.marrowj.BadInputException;

/**
 * Reads DICOM files: DICOM Part 10 (128-byte preamble, "DICM", file meta information) and raw data
 * sets without preamble (Implicit VR Little Endian unless they show explicit VRs); transfer syntaxes
 * Implicit VR LE, Explicit VR LE, Explicit VR BE and Deflated Explicit VR LE; sequences and items of
 * defined and undefined length, nested. The header parse stops at the top-level PixelData
 * (7FE0,0010) and records where its value lies; {@link #readPixels} decodes uncompressed pixels.
 * <p>
 * Every length is checked against what is left of its file, item or sequence before anything is
 * read or allocated; a damaged file gives a {@link BadInputException} naming the file and the
 * problem (truncated, not DICOM, bad length, ...).
 */
public final class DicomFile {

	private DicomFile() {}

	private static final int WINDOW = 64 * 1024;
	/** Values longer than this (large private blobs) are skipped, their length kept. */
	private static final int MAX_KEPT_VALUE = 16 * 1024 * 1024;
	private static final int MAX_DEPTH = 32;
	private static final long UNDEFINED = 0xFFFFFFFFL;

	private static final Set<String> SHORT_VRS = new HashSet<>(Arrays.asList("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL",
		"FD", "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"));

	/**
	 * True when {@code file} looks like DICOM: "DICM" at byte 128, or a raw data set starting with a
	 * plausible group 0002/0008 element. Never throws.
	 */
	public static boolean isDicom(final File file) {
		if (file == null || !file.isFile()) return false;
		try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
			final long size = raf.length();
			final byte[] b = new byte[(int) Math.min(size, 132)];
			raf.readFully(b);
			if (hasMagic(b, 128)) return true;
			return plausibleRawStart(b, size);
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	private static boolean hasMagic(final byte[] b, final int o) {
		return b.length >= o + 4 && b[o] == 'D' && b[o + 1] == 'I' && b[o + 2] == 'C' && b[o + 3] == 'M';
	}

	/** A data set without preamble: first tag in group 0002 or 0008 (either byte order) with a sane VR or length. */
	private static boolean plausibleRawStart(final byte[] b, final long size) {
		if (b.length < 8) return false;
		final int gLE = (b[0] & 0xFF) | ((b[1] & 0xFF) << 8);
		final int gBE = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
		final boolean le = gLE == 0x0002 || gLE == 0x0008;
		final boolean be = !le && gBE == 0x0008;
		if (!le && !be) return false;
		if (isVrChar(b[4]) && isVrChar(b[5])) return true;
		if (be) return false;
		final long len = (b[4] & 0xFFL) | ((b[5] & 0xFFL) << 8) | ((b[6] & 0xFFL) << 16) | ((b[7] & 0xFFL) << 24);
		return len <= size - 8;
	}

	private static boolean isVrChar(final byte c) {
		return c >= 'A' && c <= 'Z';
	}

	/**
	 * Reads the header of a DICOM file: everything before the top-level PixelData, whose position
	 * is recorded (the pixels themselves are not read).
	 *
	 * @throws BadInputException naming the file when it is missing, unreadable, not DICOM or damaged
	 */
	public static DicomHeader readHeader(final File file) {
		if (file == null) throw new BadInputException((String) null, "no DICOM file given");
		if (!file.exists()) throw new BadInputException(file, "no such file");
		if (!file.isFile()) throw new BadInputException(file, "not a file");
		try (Source s = new Source(file)) {
			return parse(file, s);
		}
		catch (final IOException e) {
			throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	private static DicomHeader parse(final File file, final Source s) throws IOException {
		final long size = s.size;
		final byte[] head = new byte[(int) Math.min(size, 132)];
		s.seek(0);
		s.read(head);
		final boolean preamble = hasMagic(head, 128);
		long start = 0;
		if (preamble) start = 132;
		else if (hasMagic(head, 0)) start = 4;
		else if (!plausibleRawStart(head, size)) {
			if (size < 132 && allZero(Arrays.copyOf(head, Math.min(head.length, 128))))
				throw new BadInputException(file, "truncated or not a DICOM file: " + size +
					" bytes, too short for the 128-byte preamble and the DICM marker");
			throw new BadInputException(file, "not a DICOM file (no DICM marker at byte 128 and no DICOM data set at its start)");
		}
		if (size <= start) throw new BadInputException(file, "truncated: the file ends after its DICM marker (" + size + " bytes)");

		// file meta information: group 0002, always Explicit VR Little Endian
		s.seek(start);
		s.bigEndian = false;
		final DicomDataset meta = new DicomDataset(file.getPath(), false);
		if (preamble && s.size - s.pos < 8)
			throw new BadInputException(file, "truncated: the file ends " + (s.size - s.pos) + " bytes after its DICM marker");
		if (s.size - s.pos >= 8 && s.peekU16LE() == 0x0002) {
			final boolean metaExplicit = s.size - s.pos >= 6 && isVrChar(s.peekByte(4)) && isVrChar(s.peekByte(5));
			parseDataset(s, meta, size, metaExplicit, 0, null, true);
		}
		else if (preamble) throw new BadInputException(file, "not a valid DICOM file: no file meta information (group 0002) after the DICM marker");

		String ts = meta.getString(DicomTag.TRANSFER_SYNTAX_UID);
		if (ts != null) ts = ts.trim();
		boolean explicit;
		boolean bigEndian = false;
		if (ts == null || ts.isEmpty()) {
			// no meta information: detect from the first data element
			if (s.size - s.pos < 8) throw new BadInputException(file, "truncated: no data set after the file meta information");
			final int gLE = s.peekU16LE();
			bigEndian = gLE != 0x0008 && gLE != 0x0002 && ((gLE & 0xFF) << 8 | gLE >>> 8) == 0x0008;
			explicit = isVrChar(s.peekByte(4)) && isVrChar(s.peekByte(5));
			ts = bigEndian ? TransferSyntax.EXPLICIT_BE : explicit ? TransferSyntax.EXPLICIT_LE : TransferSyntax.IMPLICIT_LE;
		}
		else {
			bigEndian = TransferSyntax.EXPLICIT_BE.equals(ts);
			explicit = !TransferSyntax.IMPLICIT_LE.equals(ts);
			// some writers declare Explicit VR but write Implicit VR: trust the data
			if (explicit && !bigEndian && s.size - s.pos >= 8 && !(isVrChar(s.peekByte(4)) && isVrChar(s.peekByte(5))))
				explicit = false;
		}

		final DicomHeader h;
		if (TransferSyntax.DEFLATED_LE.equals(ts)) {
			final byte[] inflated = inflate(file, s);
			h = new DicomHeader(file, size, false);
			h.inflated = inflated;
			final Source in = new Source(file.getPath(), inflated);
			parseDataset(in, h, in.size, true, 0, h, false);
		}
		else {
			h = new DicomHeader(file, size, bigEndian);
			s.bigEndian = bigEndian;
			parseDataset(s, h, size, explicit, 0, h, false);
		}
		h.meta = meta;
		h.transferSyntaxUid = ts;
		h.explicitVr = explicit;
		h.hasPreamble = preamble;
		return h;
	}

	private static boolean allZero(final byte[] b) {
		for (final byte x : b)
			if (x != 0) return false;
		return true;
	}

	private static byte[] inflate(final File file, final Source s) throws IOException {
		final long rest = s.size - s.pos;
		if (rest > Integer.MAX_VALUE - 16) throw new BadInputException(file, "deflated data set larger than 2 GB");
		final byte[] packed = new byte[(int) rest];
		s.read(packed);
		// a small file can inflate to gigabytes: first the inflated length, counted without keeping the bytes and
		// bounded, then the bytes into an array of exactly that length
		final long cap = Limits.maxBufferBytes();
		final Inflater inf = new Inflater(true);
		try {
			inf.setInput(packed);
			final byte[] scratch = new byte[64 * 1024];
			long total = 0;
			while (!inf.finished()) {
				final int n = inf.inflate(scratch);
				if (n == 0 && (inf.needsInput() || inf.needsDictionary()))
					throw new BadInputException(file, "truncated: the deflated data set ends before its end of stream");
				total += n;
				if (total > cap)
					throw new BadInputException(file, "the deflated data set inflates to more than " + cap + " bytes, " + Limits.bufferLimitReason());
			}
			inf.reset();
			inf.setInput(packed);
			final byte[] out = new byte[(int) total];
			int size = 0;
			while (size < out.length && !inf.finished())
				size += inf.inflate(out, size, out.length - size);
			return out;
		}
		catch (final DataFormatException e) {
			throw new BadInputException(file, "corrupt deflated data set: " + e.getMessage(), e);
		}
		finally {
			inf.end();
		}
	}

	/**
	 * Reads elements into {@code ds} until {@code end} (exclusive), an item delimitation (when
	 * {@code end} &lt; 0), the end of group 0002 ({@code metaOnly}) or the top-level PixelData.
	 */
	private static void parseDataset(final Source s, final DicomDataset ds, final long end, final boolean explicit,
		final int depth, final DicomHeader top, final boolean metaOnly) throws IOException
	{
		final String src = ds.source;
		while (true) {
			if (end >= 0 && s.pos >= end) return;
			if (metaOnly && (s.size - s.pos < 8 || s.peekU16LE() != 0x0002)) return;
			final long at = s.pos;
			if (s.size - at < 8) {
				if (end < 0) throw truncated(src, s, "an item of undefined length ends without its delimitation item");
				throw truncated(src, s, "a data element header needs 8 bytes at offset " + at + " but the file ends at " + s.size);
			}
			final int group = s.u16();
			final int elem = s.u16();
			final int tag = (group << 16) | elem;
			final String vr;
			final long len;
			if (group == 0xFFFE) {
				len = s.u32();
				if (tag == DicomTag.ITEM_DELIMITATION) return;
				throw bad(src, "unexpected " + DicomTag.toString(tag) + " at offset " + at + " (damaged sequence)");
			}
			if (explicit) {
				final int a = s.u8(), b = s.u8();
				if (!isVrChar((byte) a) || !isVrChar((byte) b))
					throw bad(src, "invalid value representation (bytes " + a + "," + b + ") of " + DicomTag.describe(tag) + " at offset " + at +
						" (damaged, or not the transfer syntax the file declares)");
				vr = "" + (char) a + (char) b;
				if (SHORT_VRS.contains(vr)) len = s.u16();
				else {
					s.need(6, "the header of " + DicomTag.describe(tag));
					s.skip(2);
					len = s.u32();
				}
			}
			else {
				len = s.u32();
				final String known = DicomTag.implicitVr(tag);
				vr = known == null ? "UN" : known;
			}
			final boolean undefined = len == UNDEFINED;
			final long valueStart = s.pos;
			if (!undefined) checkLength(src, s, tag, len, end);

			if (tag == DicomTag.PIXEL_DATA && top != null) {
				top.pixelDataOffset = valueStart;
				top.pixelDataLength = undefined ? -1 : len;
				ds.elements.put(tag, new DicomDataset.Element(tag, vr, len, null, null));
				return;
			}
			final boolean implicitUnknown = !explicit && DicomTag.implicitVr(tag) == null;
			if ("SQ".equals(vr) || undefined && ("UN".equals(vr) || implicitUnknown)) {
				// UN of undefined length is a sequence in Implicit VR Little Endian (PS3.5 6.2.2)
				final boolean itemsExplicit = explicit && "SQ".equals(vr);
				final List<DicomDataset> items = parseSequence(s, ds, tag, undefined ? -1 : len, itemsExplicit, depth);
				ds.elements.put(tag, new DicomDataset.Element(tag, "SQ", len, null, items));
				continue;
			}
			if (undefined) {
				if (vr.startsWith("O")) {
					skipFragments(src, s, tag, end);
					ds.elements.put(tag, new DicomDataset.Element(tag, vr, len, null, null));
					continue;
				}
				throw bad(src, DicomTag.describe(tag) + " (" + vr + ") has an undefined length at offset " + at);
			}
			if (implicitUnknown && len >= 8 && s.peekTagIsItem()) {
				final List<DicomDataset> items = parseSequence(s, ds, tag, len, false, depth);
				s.seek(valueStart + len);
				ds.elements.put(tag, new DicomDataset.Element(tag, "SQ", len, null, items));
				continue;
			}
			byte[] value = null;
			if (len <= MAX_KEPT_VALUE) value = s.bytes((int) len);
			else s.skip(len);
			ds.elements.put(tag, new DicomDataset.Element(tag, vr, len, value, null));
			if (tag == DicomTag.SPECIFIC_CHARACTER_SET && value != null &&
				new String(value, StandardCharsets.ISO_8859_1).contains("ISO_IR 192")) ds.charset = StandardCharsets.UTF_8;
		}
	}

	private static void checkLength(final String src, final Source s, final int tag, final long len, final long end) {
		final long valueStart = s.pos;
		if (valueStart + len > s.size)
			throw truncated(src, s, DicomTag.describe(tag) + " needs " + len + " bytes at offset " + valueStart + " but the file ends at " +
				s.size);
		if (end >= 0 && valueStart + len > end)
			throw bad(src, "bad length: " + DicomTag.describe(tag) + " has " + len + " bytes at offset " + valueStart +
				", beyond the end of its item or sequence at offset " + end);
	}

	private static List<DicomDataset> parseSequence(final Source s, final DicomDataset parent, final int tag, final long len,
		final boolean explicit, final int depth) throws IOException
	{
		final String src = parent.source;
		if (depth >= MAX_DEPTH) throw bad(src, "sequences nested deeper than " + MAX_DEPTH + " levels at " + DicomTag.describe(tag));
		final long end = len < 0 ? -1 : s.pos + len;
		final List<DicomDataset> items = new ArrayList<>();
		final boolean saved = s.bigEndian;
		if (!explicit) s.bigEndian = false;
		try {
			while (end < 0 || s.pos < end) {
				final long at = s.pos;
				if (s.size - at < 8)
					throw truncated(src, s, "sequence " + DicomTag.describe(tag) + " ends at offset " + s.size + " without its delimitation");
				final int itag = (s.u16() << 16) | s.u16();
				final long ilen = s.u32();
				if (itag == DicomTag.SEQUENCE_DELIMITATION) break;
				if (itag != DicomTag.ITEM)
					throw bad(src, "sequence " + DicomTag.describe(tag) + ": expected an item (FFFE,E000) at offset " + at + ", found " +
						DicomTag.toString(itag));
				final DicomDataset item = new DicomDataset(src, s.bigEndian);
				item.charset = parent.charset;
				if (ilen == UNDEFINED) parseDataset(s, item, -1, explicit, depth + 1, null, false);
				else {
					final long limit = end >= 0 ? end : s.size;
					if (s.pos + ilen > s.size)
						throw truncated(src, s, "an item of " + DicomTag.describe(tag) + " needs " + ilen + " bytes at offset " + s.pos +
							" but the file ends at " + s.size);
					if (s.pos + ilen > limit)
						throw bad(src, "bad length: an item of " + DicomTag.describe(tag) + " (" + ilen + " bytes at offset " + s.pos +
							") runs past the end of its sequence");
					final long iend = s.pos + ilen;
					parseDataset(s, item, iend, explicit, depth + 1, null, false);
					s.seek(iend);
				}
				items.add(item);
			}
		}
		finally {
			s.bigEndian = saved;
		}
		return items;
	}

	/** Skips the fragments of an encapsulated (undefined-length OB/OW) value up to its sequence delimitation. */
	private static void skipFragments(final String src, final Source s, final int tag, final long end) throws IOException {
		while (true) {
			final long at = s.pos;
			if (s.size - at < 8)
				throw truncated(src, s, "encapsulated " + DicomTag.describe(tag) + " ends at offset " + s.size + " without its delimitation");
			final int itag = (s.u16() << 16) | s.u16();
			final long flen = s.u32();
			if (itag == DicomTag.SEQUENCE_DELIMITATION) return;
			if (itag != DicomTag.ITEM)
				throw bad(src, "encapsulated " + DicomTag.describe(tag) + ": expected a fragment item at offset " + at + ", found " +
					DicomTag.toString(itag));
			checkLength(src, s, tag, flen, end);
			s.skip(flen);
		}
	}

	private static BadInputException truncated(final String src, final Source s, final String what) {
		return new BadInputException(src, "truncated: " + what);
	}

	private static BadInputException bad(final String src, final String what) {
		return new BadInputException(src, what);
	}

	/**
	 * Decodes the uncompressed pixels of a single-frame greyscale image into {@code dst} (row by
	 * row, {@code Columns} values per row) as {@code stored x slope + intercept}, where stored is the
	 * value in bits [HighBit-BitsStored+1, HighBit] of each BitsAllocated (8, 16 or 32) sample,
	 * sign-extended when PixelRepresentation is 1.
	 *
	 * @throws BadInputException for compressed transfer syntaxes (naming them and what to do), colour
	 *         or multi-frame images, inconsistent pixel descriptions or truncated pixel data
	 */
	public static void readPixels(final DicomHeader h, final float[] dst, final double slope, final double intercept) {
		final String src = h.source;
		checkDecodable(h);
		final int rows = h.rows(), cols = h.columns();
		final long n = (long) rows * cols;
		if (dst.length < n) throw new IllegalArgumentException("destination holds " + dst.length + " values, the image " + n);
		final int ba = h.getInt(DicomTag.BITS_ALLOCATED, 0);
		final int bs = h.getInt(DicomTag.BITS_STORED, ba);
		final int hb = h.getInt(DicomTag.HIGH_BIT, bs - 1);
		final boolean signed = h.getInt(DicomTag.PIXEL_REPRESENTATION, 0) == 1;
		final int bytes = ba / 8;
		final long need = n * bytes;
		final byte[] raw = new byte[(int) need];
		if (h.inflated != null) System.arraycopy(h.inflated, (int) h.pixelDataOffset, raw, 0, (int) need);
		else try (RandomAccessFile raf = new RandomAccessFile(h.file, "r")) {
			if (h.pixelDataOffset + need > raf.length())
				throw new BadInputException(src, "truncated: PixelData needs " + need + " bytes at offset " + h.pixelDataOffset +
					" but the file ends at " + raf.length());
			raf.seek(h.pixelDataOffset);
			raf.readFully(raw);
		}
		catch (final EOFException e) {
			throw new BadInputException(src, "truncated: the file ends inside its PixelData", e);
		}
		catch (final IOException e) {
			throw new BadInputException(src, "cannot read pixel data: " + e.getMessage(), e);
		}
		final int shift = hb + 1 - bs;
		final long mask = bs == 64 ? -1L : (1L << bs) - 1;
		final long signBit = 1L << (bs - 1);
		final boolean be = h.bigEndian;
		final boolean plain16 = bytes == 2 && shift == 0 && bs == 16;
		for (int i = 0; i < n; i++) {
			long v;
			if (bytes == 1) v = raw[i] & 0xFF;
			else if (bytes == 2) {
				final int o = 2 * i;
				v = be ? ((raw[o] & 0xFF) << 8) | (raw[o + 1] & 0xFF) : (raw[o] & 0xFF) | ((raw[o + 1] & 0xFF) << 8);
				if (plain16) {
					dst[i] = (float) ((signed ? (short) v : v) * slope + intercept);
					continue;
				}
			}
			else {
				final int o = 4 * i;
				v = be ? ((raw[o] & 0xFFL) << 24) | ((raw[o + 1] & 0xFF) << 16) | ((raw[o + 2] & 0xFF) << 8) | (raw[o + 3] & 0xFF)
					: (raw[o] & 0xFF) | ((raw[o + 1] & 0xFF) << 8) | ((raw[o + 2] & 0xFF) << 16) | ((raw[o + 3] & 0xFFL) << 24);
			}
			v = (v >>> shift) & mask;
			if (signed && (v & signBit) != 0) v -= 1L << bs;
			dst[i] = (float) (v * slope + intercept);
		}
	}

	/**
	 * Checks, without reading pixels, that {@link #readPixels} can decode this file's image.
	 *
	 * @throws BadInputException naming the file and what prevents decoding
	 */
	public static void checkDecodable(final DicomHeader h) {
		final String src = h.source;
		if (!h.hasPixelData())
			throw new BadInputException(src, "no PixelData (7FE0,0010): not an image, or the file is truncated");
		if (!TransferSyntax.isNative(h.transferSyntaxUid)) throw new BadInputException(src, TransferSyntax.refusal(h.transferSyntaxUid));
		if (h.pixelDataLength < 0)
			throw new BadInputException(src, "encapsulated (compressed) PixelData in transfer syntax " + h.transferSyntaxUid + " (" +
				h.transferSyntaxName() + "), which declares it uncompressed");
		final int spp = h.getInt(DicomTag.SAMPLES_PER_PIXEL, 1);
		if (spp != 1)
			throw new BadInputException(src, "SamplesPerPixel " + spp + " (colour image) is not supported: MarrowJ reads greyscale images");
		final int frames = h.getInt(DicomTag.NUMBER_OF_FRAMES, 1);
		if (frames > 1)
			throw new BadInputException(src, "multi-frame image (NumberOfFrames " + frames +
				") is not supported: MarrowJ reads one slice per file; open it in Fiji and run the command on the open image");
		final int rows = h.rows(), cols = h.columns();
		if (rows <= 0 || cols <= 0) throw new BadInputException(src, "bad image size: Rows " + rows + ", Columns " + cols);
		if (!h.contains(DicomTag.BITS_ALLOCATED)) throw new BadInputException(src, "BitsAllocated (0028,0100) is missing");
		final int ba = h.getInt(DicomTag.BITS_ALLOCATED, 0);
		if (ba != 8 && ba != 16 && ba != 32) throw new BadInputException(src, "BitsAllocated " + ba + " is not supported (8, 16 or 32)");
		final int bs = h.getInt(DicomTag.BITS_STORED, ba);
		final int hb = h.getInt(DicomTag.HIGH_BIT, bs - 1);
		if (bs < 1 || bs > ba || hb < bs - 1 || hb >= ba)
			throw new BadInputException(src, "inconsistent pixel description: BitsAllocated " + ba + ", BitsStored " + bs + ", HighBit " + hb);
		final int pr = h.getInt(DicomTag.PIXEL_REPRESENTATION, 0);
		if (pr != 0 && pr != 1) throw new BadInputException(src, "PixelRepresentation " + pr + " is neither 0 (unsigned) nor 1 (signed)");
		final long need = (long) rows * cols * (ba / 8);
		if (need > Integer.MAX_VALUE - 16) throw new BadInputException(src, "image of " + cols + "x" + rows + " pixels is larger than 2 GB");
		if (h.pixelDataLength < need)
			throw new BadInputException(src, "bad length: PixelData holds " + h.pixelDataLength + " bytes, but Columns x Rows x BitsAllocated/8 = " +
				cols + " x " + rows + " x " + (ba / 8) + " = " + need);
		final long available = (h.inflated != null ? h.inflated.length : h.fileSize) - h.pixelDataOffset;
		if (available < need)
			throw new BadInputException(src, "truncated: PixelData needs " + need + " bytes at offset " + h.pixelDataOffset +
				" but the file ends at " + (h.inflated != null ? h.inflated.length : h.fileSize));
	}

	/** A sliding window over a file (or a byte array): every read is checked against the size first. */
	static final class Source implements Closeable {

		final String name;
		final RandomAccessFile raf;
		final long size;
		byte[] buf;
		long bufStart;
		int bufLen;
		long pos;
		boolean bigEndian;

		Source(final File f) throws IOException {
			name = f.getPath();
			raf = new RandomAccessFile(f, "r");
			size = raf.length();
			buf = new byte[(int) Math.min(WINDOW, Math.max(size, 8))];
		}

		Source(final String name, final byte[] data) {
			this.name = name;
			raf = null;
			size = data.length;
			buf = data;
			bufLen = data.length;
		}

		void seek(final long p) {
			pos = p;
		}

		void need(final long n, final String what) {
			if (pos + n > size)
				throw new BadInputException(name, "truncated: " + what + " needs " + n + " bytes at offset " + pos + " but the file ends at " + size);
		}

		private void ensure(final int n) throws IOException {
			if (pos + n > size) need(n, "the data");
			if (pos >= bufStart && pos + n <= bufStart + bufLen) return;
			if (raf == null) throw new IllegalStateException("outside the buffer");
			final int len = (int) Math.min(Math.max(n, WINDOW), size - pos);
			if (buf.length < len) buf = new byte[len];
			raf.seek(pos);
			raf.readFully(buf, 0, len);
			bufStart = pos;
			bufLen = len;
		}

		int u8() throws IOException {
			ensure(1);
			return buf[(int) (pos++ - bufStart)] & 0xFF;
		}

		int u16() throws IOException {
			ensure(2);
			final int o = (int) (pos - bufStart);
			pos += 2;
			return bigEndian ? ((buf[o] & 0xFF) << 8) | (buf[o + 1] & 0xFF) : (buf[o] & 0xFF) | ((buf[o + 1] & 0xFF) << 8);
		}

		long u32() throws IOException {
			ensure(4);
			final int o = (int) (pos - bufStart);
			pos += 4;
			return bigEndian ? ((buf[o] & 0xFFL) << 24) | ((buf[o + 1] & 0xFF) << 16) | ((buf[o + 2] & 0xFF) << 8) | (buf[o + 3] & 0xFF)
				: (buf[o] & 0xFF) | ((buf[o + 1] & 0xFF) << 8) | ((buf[o + 2] & 0xFF) << 16) | ((buf[o + 3] & 0xFFL) << 24);
		}

		int peekU16LE() throws IOException {
			ensure(2);
			final int o = (int) (pos - bufStart);
			return (buf[o] & 0xFF) | ((buf[o + 1] & 0xFF) << 8);
		}

		byte peekByte(final int k) throws IOException {
			final long p = pos;
			pos += k;
			try {
				ensure(1);
				return buf[(int) (pos - bufStart)];
			}
			finally {
				pos = p;
			}
		}

		/** True when the next 4 bytes are the item tag (FFFE,E000) in the current byte order. */
		boolean peekTagIsItem() throws IOException {
			final long p = pos;
			try {
				return ((u16() << 16) | u16()) == DicomTag.ITEM;
			}
			finally {
				pos = p;
			}
		}

		byte[] bytes(final int n) throws IOException {
			need(n, "a value");
			final byte[] b = new byte[n];
			read(b);
			return b;
		}

		void read(final byte[] b) throws IOException {
			need(b.length, "the data");
			int done = 0;
			while (done < b.length) {
				final int chunk = Math.min(b.length - done, WINDOW);
				ensure(chunk);
				System.arraycopy(buf, (int) (pos - bufStart), b, done, chunk);
				pos += chunk;
				done += chunk;
			}
		}

		void skip(final long n) {
			need(n, "a value");
			pos += n;
		}

		@Override
		public void close() throws IOException {
			if (raf != null) raf.close();
		}
	}
}
