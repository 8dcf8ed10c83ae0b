package org.rounds.testpeers;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a test method (or constructor/lifecycle method) that declares a parameter
 * of type {@link XvncServer}, {@link XvfbDisplay}, {@link X11vnc}, {@link Pcscd},
 * {@link PostgresServer}, {@link TestNetwork} or {@link Chromium} gets a freshly started peer, stopped after that method's scope ends.
 * An {@code X11vnc} parameter comes with its own Xvfb. Missing binaries skip the test (fail
 * under CI=true), as {@link Peers#require} does. Screen size: {@link Geometry}.
 *
 * <pre>{@code
 * @ExtendWith(RealPeers.class)
 * class ViewerIT {
 *     @Test void paints(@Geometry(width = 640, height = 480) XvncServer server) { ... }
 * }
 * }</pre>
 */
public final class RealPeers implements ParameterResolver {

    private static final Set<Class<?>> SUPPORTED =
            Set.of(XvncServer.class, XvfbDisplay.class, X11vnc.class, Pcscd.class, PostgresServer.class, TestNetwork.class,
                    Chromium.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealPeers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Geometry g = geometry(parameter, context);
        int w = g == null ? 800 : g.width();
        int h = g == null ? 600 : g.height();
        AutoCloseable peer;
        if (type == XvncServer.class) {
            peer = XvncServer.start(w, h);
        } else if (type == XvfbDisplay.class) {
            peer = XvfbDisplay.start(w, h);
        } else if (type == X11vnc.class) {
            XvfbDisplay display = XvfbDisplay.start(w, h);
            try {
                X11vnc vnc = X11vnc.start(display);
                // the Xvfb underneath is stopped after x11vnc
                context.getStore(NAMESPACE).put(new Object(), (ExtensionContext.Store.CloseableResource) display::close);
                peer = vnc;
            } catch (RuntimeException | Error e) {
                display.close();
                throw e;
            }
        } else if (type == Pcscd.class) {
            peer = Pcscd.start();
        } else if (type == TestNetwork.class) {
            peer = TestNetwork.create();
        } else if (type == Chromium.class) {
            peer = Chromium.start(w, h);
        } else {
            peer = PostgresServer.start();
        }
        // the store closes its resources in reverse order of insertion when the method's scope ends
        context.getStore(NAMESPACE).put(new Object(), (ExtensionContext.Store.CloseableResource) peer::close);
        return peer;
    }

    private static Geometry geometry(ParameterContext parameter, ExtensionContext context) {
        Optional<Geometry> onParameter = parameter.findAnnotation(Geometry.class);
        if (onParameter.isPresent()) {
            return onParameter.get();
        }
        Geometry onMethod = annotation(context.getElement());
        if (onMethod != null) {
            return onMethod;
        }
        return context.getTestClass().map(c -> c.getAnnotation(Geometry.class)).orElse(null);
    }

    private static Geometry annotation(Optional<AnnotatedElement> element) {
        return element.map(e -> e.getAnnotation(Geometry.class)).orElse(null);
    }
}
