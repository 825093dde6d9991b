package org.marrowj.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.scijava.command.run.CommandCodeRunner;
import org.scijava.console.ConsoleArgument;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.run.CodeRunner;
import org.scijava.run.console.RunArgument;
import org.scijava.service.Service;

/**
 * The plugins a launcher context sees: everything on the class path, except that the console
 * understands only {@code --run} (SciJava's {@link RunArgument}) and runs only commands
 * ({@link CommandCodeRunner}), plus two plugins of the launcher's own: {@link LauncherLogService}
 * (all logging on standard error) and {@link StrictInputsPreprocessor} (no values from preferences,
 * required inputs, ranges, validaters). Those two carry no {@code @Plugin} annotation, so Fiji never
 * loads them.
 */
public final class LauncherPlugins implements PluginFinder {

	/** A plugin index for {@code new Context(services, index)}. */
	public static PluginIndex index() {
		return new PluginIndex(new LauncherPlugins());
	}

	@Override
	public Map<String, Throwable> findPlugins(final List<PluginInfo<?>> plugins) {
		final List<PluginInfo<?>> all = new ArrayList<>();
		final Map<String, Throwable> problems = new DefaultPluginFinder().findPlugins(all);
		for (final PluginInfo<?> info : all) {
			final Class<?> type = info.getPluginType();
			if (type == ConsoleArgument.class && !RunArgument.class.getName().equals(info.getClassName())) continue;
			if (type == CodeRunner.class && !CommandCodeRunner.class.getName().equals(info.getClassName())) continue;
			plugins.add(info);
		}
		final PluginInfo<Service> log = new PluginInfo<>(LauncherLogService.class, Service.class);
		log.setPriority(1e6);
		plugins.add(log);
		final PluginInfo<PreprocessorPlugin> strict = new PluginInfo<>(StrictInputsPreprocessor.class, PreprocessorPlugin.class);
		strict.setPriority(StrictInputsPreprocessor.PRIORITY);
		plugins.add(strict);
		return problems;
	}
}
