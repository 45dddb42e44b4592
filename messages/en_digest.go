package messages

// enDigest is the English catalog of the weekly digest.
var enDigest = map[string]string{}
