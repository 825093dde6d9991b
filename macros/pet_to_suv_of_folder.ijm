// MarrowJ - PET to SUV of a Folder
//
// Every PET of a folder -> an SUV image out/<pet>_suv.nii.gz with, beside it, out/<pet>_suv.json
// (the SUV factor and where the dose, weight and times came from), through Convert PET to SUV.
// out/suv_batch.csv lists every PET with its status: ok, or failed (the reason is in the Log or
// Console window). PETs whose SUV image exists are skipped on a rerun.
//
// A PET is a subfolder of DICOM files (dose, weight and times from its header) or a NIfTI file in
// Bq/mL (.nii.gz, .nii). Values given here (dose_mbq, weight_kg, ...) override the headers of every
// PET of the folder: leave them empty for DICOM PETs of different patients.
//
// From a macro (as the recorder writes it):
//   run("PET to SUV of a Folder", "pets=[/data/pet] out=[/data/suv] suv_type=bw dose_mbq=[] weight_kg=[]");

Dialog.create("PET to SUV of a Folder");
Dialog.addDirectory("pets", "");
Dialog.addDirectory("out", "");
Dialog.addChoice("suv_type", newArray("bw", "lbm_james", "lbm_janma", "bsa", "ibw"), "bw");
Dialog.addString("dose_mbq", "");
Dialog.addString("weight_kg", "");
Dialog.addString("height_cm", "");
Dialog.addString("sex", "");
Dialog.addString("injection_time", "");
Dialog.addString("scan_time", "");
Dialog.addString("half_life_s", "");
Dialog.show();
pets = folder(Dialog.getString());
out = folder(Dialog.getString());
suv_type = Dialog.getChoice();
keys = newArray("dose_mbq", "weight_kg", "height_cm", "sex", "injection_time", "scan_time", "half_life_s");
extra = "";
for (k = 0; k < keys.length; k++) {
	v = Dialog.getString();
	if (v != "") extra = extra + " " + keys[k] + "=[" + v + "]";
}

if (!File.isDirectory(pets)) exit("pets: no such folder: " + pets);
if (out == "") exit("out: give an output folder");
if (startsWith(out, pets)) exit("out: must not be the PET folder or inside it: " + out);
File.makeDirectory(out);
if (!File.isDirectory(out)) exit("out: cannot create the folder " + out);

list = getFileList(pets);
Array.sort(list);
status = "pet,suv,status\n";
n = 0; ok = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	isFolder = endsWith(name, "/");
	if (isFolder) name = substring(name, 0, lengthOf(name) - 1);
	stemmed = stem(name);
	if (!isFolder && stemmed == name) continue;
	base = replace(stem(name), "[^A-Za-z0-9._-]", "_");
	suv = out + base + "_suv.nii.gz";
	n++;
	if (File.exists(suv) && File.exists(out + base + "_suv.json")) {
		print("PET to SUV of a Folder: " + name + " done before, skipped");
	} else {
		showProgress(i, list.length);
		showStatus("SUV " + (i + 1) + "/" + list.length + ": " + name);
		run("Convert PET to SUV", "pet=[" + pets + name + "] out=[" + suv + "] suv_type=" + suv_type + extra);
	}
	if (File.exists(suv) && File.exists(out + base + "_suv.json")) {
		status = status + cell(pets + name) + "," + cell(suv) + ",ok\n";
		ok++;
	} else
		status = status + cell(pets + name) + ",,failed: no SUV image written (the reason is in the Log or Console window)\n";
}
if (n == 0) exit("pets: no PET NIfTI files or DICOM folders in " + pets);
File.saveString(status, out + "suv_batch.csv");
print("PET to SUV of a Folder: " + ok + " of " + n + " PETs converted; list " + out + "suv_batch.csv");

// ---------------------------------------------------------------- helpers

function folder(d) {
	if (d == "") return d;
	if (!endsWith(d, "/") && !endsWith(d, "\\")) d = d + File.separator;
	return d;
}

function stem(s) {
	exts = newArray(".nii.gz", ".nii");
	for (e = 0; e < exts.length; e++)
		if (endsWith(toLowerCase(s), exts[e])) return substring(s, 0, lengthOf(s) - lengthOf(exts[e]));
	return s;
}

function cell(s) {
	if (indexOf(s, ",") < 0 && indexOf(s, "\"") < 0 && indexOf(s, "\n") < 0) return s;
	return "\"" + replace(s, "\"", "\"\"") + "\"";
}
