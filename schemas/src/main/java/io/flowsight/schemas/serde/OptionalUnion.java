package io.flowsight.schemas.serde;

import org.apache.avro.Schema;

import java.util.List;

/**
 * A {@code ["null", T]} or {@code [T, "null"]} union, the only unions FlowSight's schemas use: which branch is null
 * and which holds the value.
 */
record OptionalUnion(int nullIndex, int valueIndex, Schema valueSchema) {

    /** @throws UnsupportedOperationException for any other union, which the compiled coders leave to Avro */
    static OptionalUnion of(Schema union) {
        List<Schema> branches = union.getTypes();
        if (branches.size() != 2) {
            throw new UnsupportedOperationException("union of " + branches.size());
        }
        int nullIndex = branches.get(0).getType() == Schema.Type.NULL ? 0
                : branches.get(1).getType() == Schema.Type.NULL ? 1 : -1;
        if (nullIndex < 0) {
            throw new UnsupportedOperationException("union without null");
        }
        return new OptionalUnion(nullIndex, 1 - nullIndex, branches.get(1 - nullIndex));
    }
}
