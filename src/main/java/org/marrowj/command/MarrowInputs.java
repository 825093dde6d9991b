package org.marrowj.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.List;

import org.marrowj.BadInputException;
import org.marrowj.image.ImagePlusAdapter;
import org.marrowj.image.Volume;
import org.marrowj.io.ImageReaders;
import org.marrowj.morph.Mask;
import org.marrowj.pipeline.CtInput;
import org.scijava.Context;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.process.ImageProcessor;

/**
 * How the marrow commands find their images: a path when given, else (CT) the current ImageJ
 * image, or (labels) an open image of that title. Works the same in Fiji's GUI, in headless macros
 * with open images, and in the launcher (paths only).
 */
final class MarrowInputs {

	private MarrowInputs() {}

	/** A CT volume and, when it came from an open image, that image. */
	static final class Ct {
		final Volume<?> volume;
		final ImagePlus image;
		final String name;

		Ct(final Volume<?> volume, final ImagePlus image, final String name) {
			this.volume = volume;
			this.image = image;
			this.name = name;
		}
	}

	/** The CT at {@code path}, or the current image when {@code path} is null. */
	static Ct ct(final File path, final List<String> warnings) {
		if (path != null) return new Ct(CtInput.open(path, "ct", warnings), null, org.marrowj.pipeline.SubjectAnalysis.subjectOf(path));
		final ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) throw new BadInputException("ct", "no CT given: give its path (ct='/path') or open the CT image first");
		return new Ct(CtInput.check(ImagePlusAdapter.toVolume(imp), "ct (" + imp.getTitle() + ")", warnings), imp, imp.getTitle());
	}

	/** The label map named by {@code text}: an open image of that title, else a file path; null when empty. */
	static Volume<?> labels(final String text) {
		if (text == null || text.trim().isEmpty()) return null;
		final String t = text.trim();
		final ImagePlus open = WindowManager.getImage(t);
		if (open != null) return ImagePlusAdapter.toVolume(open);
		final File f = new File(t);
		if (!f.exists()) throw new BadInputException("labels", "'" + t + "' is neither a file nor the title of an open image");
		return ImageReaders.open(f);
	}

	/** The area ROI of {@code imp} as a one-slice mask on its grid, or null when it has none. */
	static Mask roiMask(final ImagePlus imp) {
		if (imp == null) return null;
		final Roi roi = imp.getRoi();
		if (roi == null || !roi.isArea()) return null;
		final int nx = imp.getWidth(), ny = imp.getHeight();
		final Mask m = new Mask(nx, ny, 1);
		final java.awt.Rectangle b = roi.getBounds();
		final ImageProcessor mp = roi.getMask();
		for (int y = Math.max(0, b.y); y < Math.min(ny, b.y + b.height); y++)
			for (int x = Math.max(0, b.x); x < Math.min(nx, b.x + b.width); x++)
				if (mp == null || mp.get(x - b.x, y - b.y) != 0) m.set(x, y, 0, true);
		return m;
	}

	/** True when a person is looking: not headless and not run by the launcher. */
	static boolean interactive(final Context context) {
		return !GraphicsEnvironment.isHeadless() && !Reports.launched(context);
	}
}
