package workload

// PhraseTable and PSAFixes expose the package's texts to the phrase test.
var (
	PhraseTable = phrase
	PSAFixes    = psaFixes
)
