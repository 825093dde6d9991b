package org.marrowj.command;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.marrowj.marrow.MarrowRegion;
import org.marrowj.morph.Mask;
import org.marrowj.io.QcImages;
import org.marrowj.pipeline.MarrowRow;
import org.marrowj.pipeline.MarrowTable;

import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;

/**
 * ImageJ views of marrow regions: per-slice outlines (one {@link Roi} per region and slice, stack
 * position set, colour per region as in the QC images) and a {@link ResultsTable} with the columns
 * of marrow_regions.csv. Plain objects, so they can be built headless; showing them is the caller's.
 */
final class MarrowDisplay {

	private MarrowDisplay() {}

	/** One ROI per region per axial slice it occupies, named "region z=<slice>" (slices 1-based). */
	static List<Roi> rois(final List<MarrowRow> measured) {
		final List<Roi> rois = new ArrayList<>();
		for (int i = 0; i < measured.size(); i++) {
			final MarrowRegion r = measured.get(i).mask();
			final Color c = new Color(QcImages.PALETTE[i % QcImages.PALETTE.length]);
			final Mask m = r.mask();
			final long[] o = r.offset();
			final byte[] d = m.data();
			final int w = m.nx(), h = m.ny();
			for (int z = 0; z < m.nz(); z++) {
				final ByteProcessor bp = new ByteProcessor(w, h);
				final byte[] px = (byte[]) bp.getPixels();
				boolean any = false;
				for (int k = 0; k < w * h; k++)
					if (d[z * w * h + k] != 0) {
						px[k] = (byte) 255;
						any = true;
					}
				if (!any) continue;
				bp.setThreshold(255, 255, ByteProcessor.NO_LUT_UPDATE);
				final Roi roi = new ThresholdToSelection().convert(bp);
				if (roi == null) continue;
				roi.setLocation(roi.getXBase() + o[0], roi.getYBase() + o[1]);
				final int slice = (int) (z + o[2]) + 1;
				roi.setPosition(slice);
				roi.setStrokeColor(c);
				roi.setName(r.name() + " z=" + slice);
				rois.add(roi);
			}
		}
		return rois;
	}

	static Overlay overlay(final List<Roi> rois) {
		final Overlay o = new Overlay();
		for (final Roi r : rois)
			o.add(r);
		return o;
	}

	/** The rows with the table's columns (numbers as numbers, the rest as text). */
	static ResultsTable results(final String subject, final List<MarrowRow> rows) {
		final ResultsTable rt = new ResultsTable();
		for (final MarrowRow r : MarrowTable.sorted(rows)) {
			rt.incrementCounter();
			final Map<String, Object> v = MarrowTable.values(subject, r);
			for (final String col : MarrowTable.COLUMNS) {
				final Object x = v.get(col);
				if (x instanceof Number) rt.addValue(col, ((Number) x).doubleValue());
				else rt.addValue(col, x == null ? "" : x.toString());
			}
		}
		return rt;
	}
}
