from django import forms

MAX_UPLOAD_MB = 200


class GiasUploadForm(forms.Form):
    extract = forms.FileField(
        label="GIAS establishment extract (CSV)",
        help_text="The “all establishment data” CSV downloaded from Get Information About Schools, "
        "in Windows-1252 or UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    partial = forms.BooleanField(
        label="This is a partial extract (e.g. one local authority): do not close the schools it does not list",
        required=False,
    )

    def clean_extract(self):
        extract = self.cleaned_data["extract"]
        if not extract.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose a CSV file (the extract's name ends in .csv).")
        if extract.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB; a full extract is about 60 MB.")
        return extract
