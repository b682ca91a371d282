"""newslint inside other tools' pipelines (`pip install 'newslint[datatrove]'` for datatrove)."""
