package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void shouldDefaultToTheFirstPageOfTheDefaultSize() {
        assertThat(PageRequest.of(null, null, 50, 500)).isEqualTo(new PageRequest(0, 50));
        assertThat(PageRequest.of(3, 20, 50, 500).offset()).isEqualTo(60);
    }

    @Test
    void shouldRefuseAPageLargerThanTheMaximumOrANegativePage() {
        assertThatThrownBy(() -> PageRequest.of(0, 501, 50, 500)).hasMessage("size must be at most 500, was 501");
        assertThatThrownBy(() -> PageRequest.of(-1, 10, 50, 500)).hasMessage("page must be 0 or more, was -1");
    }
}
