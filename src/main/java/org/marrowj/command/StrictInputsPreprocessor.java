package org.marrowj.command;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;

/**
 * The launcher's last word on a module's inputs, after SciJava's own preprocessors have injected
 * services and run initializers and before it would load saved values from preferences: every user
 * input not given on the command line keeps its declared default and is marked resolved (so
 * preferences are never read), a required input without a value cancels the run naming it, every
 * value is checked against its min/max/choices, and each parameter's {@code validater} runs (its
 * message cancels the run). Registered only in the launcher's own plugin index ({@link
 * LauncherPlugins}), so Fiji's interactive runs are untouched.
 */
public class StrictInputsPreprocessor extends AbstractPreprocessorPlugin {

	/** After InitPreprocessor (100), before LoadInputsPreprocessor (-9999). */
	public static final double PRIORITY = -1000;

	@Override
	public void process(final Module module) {
		for (final ModuleItem<?> item : module.getInfo().inputs()) {
			if (!CommandArguments.isUserInput(item)) continue;
			final String name = item.getName();
			final Object value = item.getValue(module);
			if (value == null && item.isRequired()) {
				cancel(name + ": required parameter missing");
				return;
			}
			try {
				if (value != null) CommandArguments.checkRange(item, value);
			}
			catch (final RuntimeException e) {
				cancel(e.getMessage());
				return;
			}
			if (item.getValidater() != null && !item.getValidater().isEmpty()) {
				final String problem = CommandArguments.validaterProblem(item, module);
				if (problem != null) {
					cancel(problem.startsWith(name + ":") ? problem : name + ": " + problem);
					return;
				}
			}
			// resolved: SciJava will neither load a saved value for it nor ask for it
			if (!module.isInputResolved(name)) module.resolveInput(name);
		}
	}
}
