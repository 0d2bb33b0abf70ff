# Sourced by the bench scripts that run `./luyue replay` more than once: tells whether a run's findings are the first
# run's, by `cmp`. The first run's output is kept as FIRST; a build or setting that changes the findings is reported.
# same_findings OUT FIRST -> prints what it found
same_findings() {
  if [ ! -f "$2" ]; then
    mv "$1" "$2"
    echo "the first output"
  elif cmp -s "$1" "$2"; then
    echo "findings identical"
  else
    echo "FINDINGS DIFFER from the first run's"
  fi
}
