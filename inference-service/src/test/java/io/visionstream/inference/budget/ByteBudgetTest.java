package io.visionstream.inference.budget;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteBudgetTest {

    @Test
    void aReservationWaitsWhileTheBudgetIsFullAndProceedsOnRelease() throws Exception {
        ByteBudget budget = new ByteBudget("test", 100);
        budget.reserve(70);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                budget.reserve(40);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(budget.waits()).isEqualTo(1);

        budget.release(70);

        second.get(5, TimeUnit.SECONDS);
        assertThat(budget.used()).isEqualTo(40);
    }

    @Test
    void chargesCountAtOnceAndHoldBackNewWorkButNeverTheOnlyReservation() throws Exception {
        ByteBudget budget = new ByteBudget("test", 100);
        budget.charge(250);
        assertThat(budget.tryReserve(10)).as("nothing else reserved: admitted over the limit, so work always progresses").isTrue();
        assertThat(budget.tryReserve(10)).as("one reservation open and the budget over its limit").isFalse();
        budget.release(10);
        budget.discharge(250);
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(40)).as("fits exactly").isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.peak()).isEqualTo(260);
    }

    @Test
    void aReleaseWithoutAReservationIsADefect() {
        ByteBudget budget = new ByteBudget("test", 100);
        assertThatThrownBy(() -> budget.release(1)).isInstanceOf(IllegalStateException.class);
        budget.charge(5);
        assertThatThrownBy(() -> budget.discharge(6)).isInstanceOf(IllegalStateException.class);
    }
}
