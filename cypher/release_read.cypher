// The data release the store holds, as the JSON text release_save wrote.
MATCH (r:GraphRelease {key: 'current'})
RETURN r.release AS release
