package org.rounds.client.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.client.input.KeyTranslator;
import org.rounds.client.input.PointerInput;
import org.rounds.client.input.WedgeKeyFilter;
import org.rounds.device.wedge.KeyboardLayout;
import org.rounds.device.wedge.WedgeConfig;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingState;

/**
 * One endpoint's screen: its name and state above, and below either the remote desktop, the
 * lock screen ("Tap your badge" with the reason for the last lock) or the PIN pad. What shows
 * comes from {@link EndpointViewModel}, which it binds to; this class lays the screen out and
 * routes input (keys through the wedge filter, pointer, clipboard) to the display.
 */
public final class EndpointPane extends BorderPane {

    private final FramebufferView desktop = new FramebufferView();
    private final LockView lock;
    private final Label stateLabel = new Label();
    private final RfbDesktopDisplay display;
    private final KeyTranslator keys = new KeyTranslator();
    private final EndpointViewModel model;
    private final ClipboardBridge clipboard;
    private final OnScreenKeyboard keyboard;
    private final PinPad pinPad;
    private final WedgeKeyFilter wedge;
    private final javafx.animation.AnimationTimer wedgeTimer;

    /**
     * The screen of {@code parts}. When this endpoint has a keyboard-wedge reader ({@code wedgeReader}
     * present: configured or detected), badges it types into the window (through {@code layout}) join
     * the endpoint's one tap input, debounced like every reader's; without one, every key goes to the
     * desktop and no burst of keys is ever a tap.
     */
    public EndpointPane(Endpoint parts, Messages messages, Optional<WedgeConfig> wedgeReader, KeyboardLayout layout) {
        this(parts, new Language(messages), wedgeReader, layout);
    }

    /**
     * As above, in {@code language}, which follows the profiles the endpoint puts in force (pushed
     * from the console): every text changes in place; the desktop and its listeners are untouched.
     */
    public EndpointPane(Endpoint parts, Language language, Optional<WedgeConfig> wedgeReader, KeyboardLayout layout) {
        EndpointProfile profile = parts.profile();
        RfbDesktopDisplay display = parts.display();
        this.display = display;
        language.follow(parts.roaming());
        this.model = new EndpointViewModel(parts.roaming(), language);
        this.lock = new LockView(profile.endpointId(), profile.location(), language, parts.clock().withZone(ZoneId.systemDefault()));
        getStyleClass().add("endpoint");

        Label name = new Label(profile.endpointId());
        name.getStyleClass().add("endpoint-name");
        boolean kiosk = model.kiosk();
        Label where = new Label(profile.kind().wireName());
        if (kiosk) where.textProperty().bind(language.text("kiosk.banner"));
        where.getStyleClass().add("endpoint-where");
        HBox header = new HBox(10, name, where, grow(), sessionMenu(language), stateLabel);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(6, 10, 6, 10));
        header.getStyleClass().add("endpoint-header");
        if (kiosk) header.getStyleClass().add("kiosk-banner");
        stateLabel.getStyleClass().add("endpoint-state");

        pinPad = new PinPad(language, model::enterPin, model::cancelPin);
        if (!kiosk) lock.getChildren().add(new PasswordLoginForm(language, model::passwordLogin));
        StackPane screen = new StackPane(desktop, lock, pinPad);
        screen.getStyleClass().add("endpoint-screen");
        screen.setMinSize(320, 200);
        screen.setFocusTraversable(true);
        screen.setOnMouseClicked(e -> screen.requestFocus());
        // Keys reach the desktop as X keysyms; Tab and arrows must not move focus out of the session.
        clipboard = new ClipboardBridge(() -> parts.roaming().profile().policy().clipboard(), display);
        // Keys pass the keyboard-wedge filter first: a badge reader's digits become a tap, never desktop input.
        wedge = wedgeReader.map(w -> new WedgeKeyFilter(keys, w, layout, wedgeOutput(parts)))
                .orElseGet(() -> WedgeKeyFilter.off(keys, wedgeOutput(parts)));
        screen.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (typingLocally()) return;
            if (isPaste(e)) clipboard.offerLocal(); // the desktop pastes what this endpoint copied
            wedge.pressed(e.getCode(), shortcut(e), System.nanoTime());
            e.consume();
        });
        screen.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (typingLocally()) return;
            wedge.typed(e.getCharacter(), shortcut(e), System.nanoTime());
            e.consume();
        });
        screen.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (typingLocally()) return;
            wedge.released(e.getCode());
            e.consume();
        });
        wedgeTimer = new javafx.animation.AnimationTimer() {
            @Override public void handle(long now) { if (wedge.holding()) wedge.idle(System.nanoTime()); }
        };
        wedgeTimer.start();
        screen.focusedProperty().addListener((o, was, is) -> {
            if (!is) send(keys.releaseAll());
            else clipboard.offerLocal();
        });
        PointerInput.attach(desktop, display::sendPointer);
        display.onCursor(c -> FxThread.run(() -> desktop.showRemoteCursor(c.orElse(null))));
        // Any touch of the endpoint restarts the idle lock's count.
        screen.addEventFilter(javafx.scene.input.InputEvent.ANY, e -> model.userActivity());
        keyboard = new OnScreenKeyboard((keysym, down) -> display.sendKey(keysym, down));
        keyboard.setVisible(false);
        keyboard.managedProperty().bind(keyboard.visibleProperty());
        setTop(header);
        setCenter(screen);
        setBottom(keyboard);

        display.onFramebuffer(fb -> FxThread.run(() -> fb.ifPresentOrElse(desktop::show, desktop::blank)));
        bind();
        model.start(); // wired: a kiosk may now connect to its shared desktop
    }

    /**
     * The screen follows the model and nothing else. The model asks for the PIN before it shows
     * the pad, so the pad is filled in (and asks for the focus) before it appears, as it always was.
     */
    private void bind() {
        model.pinAsksProperty().addListener((o, was, is) -> pinPad.ask(model.pinTitleProperty().get(), model.pinErrorProperty().get()));
        // A new language renders the same ask again; an ask itself comes through pinAsks, after its texts.
        javafx.beans.InvalidationListener relabel = o -> pinPad.relabel(model.pinTitleProperty().get(), model.pinErrorProperty().get());
        model.pinTitleProperty().addListener(relabel);
        model.pinErrorProperty().addListener(relabel);
        pinPad.visibleProperty().bind(model.pinPadShownProperty());
        model.pinPadShownProperty().addListener((o, was, is) -> {
            if (!is) pinPad.clear(); // a half-typed PIN does not wait behind the lock screen
        });
        lock.visibleProperty().bind(model.lockShownProperty());
        model.locksProperty().addListener((o, was, is) -> {
            // Locked: nothing held down, copied or typed on screen carries over to the next user.
            send(keys.releaseAll());
            clipboard.wipe();
            keyboard.setVisible(false);
        });
        model.stateProperty().addListener((o, was, is) -> {
            if (is == RoamingState.RECONNECTING) clipboard.wipe(); // the desktop dropped: what it copied goes too
        });
        model.lockMessageProperty().addListener((o, was, is) -> showLockMessage(is));
        showLockMessage(model.lockMessageProperty().get());
        stateLabel.textProperty().bind(model.stateProperty().asString());
    }

    private void showLockMessage(EndpointViewModel.LockMessage message) {
        if (message instanceof EndpointViewModel.LockMessage.Locked l) lock.showReason(l.reason(), l.at());
        else if (message instanceof EndpointViewModel.LockMessage.Countdown c) lock.showCountdown(c.text(), c.until());
        else if (message instanceof EndpointViewModel.LockMessage.Notice n) lock.showNotice(n.text());
    }

    /** Keys go to the PIN pad or the password fields, not through the badge filter to the desktop. */
    private boolean typingLocally() {
        if (pinPad.isVisible()) return true;
        javafx.scene.Node focus = getScene() == null ? null : getScene().getFocusOwner();
        return focus instanceof javafx.scene.control.TextInputControl;
    }

    /** One key event's actions (a typed character's press and release) in one record to the desktop. */
    private void send(List<KeyTranslator.KeyAction> actions) {
        if (actions.isEmpty()) return;
        display.sendTogether(() -> {
            for (KeyTranslator.KeyAction a : actions) display.sendKey(a.keysym(), a.down());
        });
    }

    private WedgeKeyFilter.Output wedgeOutput(Endpoint parts) {
        return new WedgeKeyFilter.Output() {
            @Override public void keys(List<KeyTranslator.KeyAction> actions) { send(actions); }
            @Override public void badge(String id) { parts.wedgeBadge(id); }
        };
    }

    /** Fit / 1:1, Ctrl+Alt+Del and the on-screen keyboard: what a mouse or a finger cannot type. */
    private javafx.scene.control.MenuButton sessionMenu(Language m) {
        javafx.scene.control.MenuItem fit = new javafx.scene.control.MenuItem();
        fit.textProperty().bind(m.text("session.fit"));
        fit.setOnAction(e -> desktop.setScale(FramebufferView.Scale.FIT));
        javafx.scene.control.MenuItem actual = new javafx.scene.control.MenuItem();
        actual.textProperty().bind(m.text("session.actualSize"));
        actual.setOnAction(e -> desktop.setScale(FramebufferView.Scale.ONE_TO_ONE));
        javafx.scene.control.MenuItem cad = new javafx.scene.control.MenuItem();
        cad.textProperty().bind(m.text("session.ctrlAltDel"));
        cad.setId("menu-ctrl-alt-del");
        cad.setOnAction(e -> display.sendTogether(() -> {
            for (int keysym : new int[] {0xffe3, 0xffe9, 0xffff}) display.sendKey(keysym, true);   // Control_L, Alt_L, Delete
            for (int keysym : new int[] {0xffff, 0xffe9, 0xffe3}) display.sendKey(keysym, false);
        }));
        javafx.scene.control.MenuItem osk = new javafx.scene.control.MenuItem();
        osk.textProperty().bind(m.text("session.keyboard"));
        osk.setId("menu-keyboard");
        osk.setOnAction(e -> keyboard.setVisible(!keyboard.isVisible()));
        javafx.scene.control.MenuButton menu = new javafx.scene.control.MenuButton("⋯", null, fit, actual, cad, osk);
        menu.setId("session-menu");
        menu.getStyleClass().add("session-menu");
        menu.setFocusTraversable(false);
        return menu;
    }

    private static boolean isPaste(KeyEvent e) {
        return (e.getCode() == javafx.scene.input.KeyCode.V && e.isShortcutDown())
                || (e.getCode() == javafx.scene.input.KeyCode.INSERT && e.isShiftDown());
    }

    static boolean shortcut(KeyEvent e) {
        return e.isControlDown() || e.isAltDown() || e.isMetaDown();
    }

    private static javafx.scene.layout.Region grow() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** Shows the brokers' health on the lock screen, refreshed every 2 s (FX thread). */
    public void showBrokers(java.util.function.Supplier<List<org.rounds.roaming.client.BrokerStatus>> statuses) {
        lock.showBrokers(statuses.get());
        javafx.animation.Timeline refresh = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(2), e -> lock.showBrokers(statuses.get())));
        refresh.setCycleCount(javafx.animation.Animation.INDEFINITE);
        refresh.play();
    }

    /**
     * The app is closing: what the session copied leaves the local clipboard (FX thread). Called on
     * the window's close and from the shutdown hook (SIGTERM), see {@link EndpointApp}.
     */
    public void closing() {
        clipboard.wipe();
    }

    /** Whether the PIN pad is showing (for tests). */
    public boolean pinPadShown() { return pinPad.isVisible(); }

    /** The lock screen (for tests). */
    public LockView lockView() { return lock; }

    /** The view showing the desktop (for tests). */
    public FramebufferView desktopView() { return desktop; }

    /** True while the lock screen covers the endpoint. */
    public boolean locked() { return lock.isVisible(); }

}
