package messages

// viDigest is the Vietnamese catalog of the weekly digest.
var viDigest = map[string]string{}
