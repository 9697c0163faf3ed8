package com.coderinsights.dw.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContractDocTest {

    @Test
    void shouldMatchTheCommittedContractDocument() throws Exception {
        Path doc = Path.of(System.getProperty("dw.root", "../.."), "docs", "raw-contract.md");

        assertThat(Files.readString(doc))
                .as("docs/raw-contract.md is stale: run scripts/contract-doc")
                .isEqualTo(ContractDoc.render());
    }

    @Test
    void shouldDocumentEveryFieldOfEveryStream() {
        String doc = ContractDoc.render();
        for (StreamSpec s : RawContract.streams()) {
            assertThat(doc).contains("### `" + s.name() + "`");
            for (FieldSpec f : s.fields()) {
                assertThat(doc).contains("| `" + f.name() + "` | " + f.type().postgresName() + " | ");
            }
        }
    }
}
