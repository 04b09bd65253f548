// A small ML workflow: prepare data -> train (a Java trainer writing a yProv4ML run document) -> evaluate -> publish.
params.rows = 200
params.epochs = 3
params.trainer_cp = ''      // classpath of org.provhooks.examples.Trainer (the examples jar)
params.outdir = 'results'

process PREPARE {
  input: val rows
  output: path 'samples.csv'
  script:
  """
  echo 'x,y' > samples.csv
  awk -v n=${rows} 'BEGIN { srand(42); for (i = 0; i < n; i++) { x = rand() * 2 - 1; printf "%.4f,%d\\n", x, (x + (rand() - 0.5) * 0.4 > 0) } }' >> samples.csv
  """
}

process TRAIN {
  input: path data
  output: path 'model.txt'
  script:
  """
  java -cp '${params.trainer_cp}' org.provhooks.examples.Trainer ${data} ${params.epochs} model.txt
  """
}

process EVALUATE {
  publishDir params.outdir, mode: 'copy'
  input:
    path model
    path data
  output: path 'report.txt'
  script:
  """
  echo "model: \$(cat ${model} | tr '\\n' ' ')" > report.txt
  echo "rows: \$(( \$(wc -l < ${data}) - 1 ))" >> report.txt
  """
}

workflow {
  data = PREPARE(params.rows)
  model = TRAIN(data)
  EVALUATE(model, data)
}
