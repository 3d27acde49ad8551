package diagnosis

// imageCorruptRule: the image content is broken: a layer or digest failed
// verification, a layer could not be extracted, the stream ended early
// ("unexpected EOF"), or the runtime cannot inspect the copy already on the
// node (waiting reason ImageInspectError). Someone has to remove the broken
// copy or push the image again.
var imageCorruptRule = Rule{Reason: ReasonImageCorrupt, Check: checkImageCorrupt}

func checkImageCorrupt(c *Context) (Finding, bool) { return checkImageCode(c, ReasonImageCorrupt) }
