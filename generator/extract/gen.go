package extract

//go:generate go run ./internal/gendata -out data/countries.json
